import { Badge, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { InventoryResource } from './api.js';

/** Resources as rows: site, id (opens the resource), class path, endpoint, plugin, state. */
export function ResourcesTable({ items }: { items: InventoryResource[] }) {
  return (
    <Table striped highlightOnHover verticalSpacing={4} data-testid="resources-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Site</Table.Th>
          <Table.Th>Resource</Table.Th>
          <Table.Th>Class / subclass / type</Table.Th>
          <Table.Th>Endpoint</Table.Th>
          <Table.Th>Plugin</Table.Th>
          <Table.Th>State</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.resource_site}</Table.Td>
            <Table.Td>
              <Link to="/resources/$id" params={{ id: r.id }}>
                {r.resource_id}
              </Link>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {r.resource_class} / {r.resource_subclass} / {r.resource_type}
              </Text>
            </Table.Td>
            <Table.Td>{r.resource_endpoint}</Table.Td>
            <Table.Td>{r.resource_plugin}</Table.Td>
            <Table.Td>
              {r.staleSince ? (
                <Badge color="orange" variant="light" title={`stale since ${r.staleSince}`}>
                  stale
                </Badge>
              ) : (
                <Badge color="green" variant="light">
                  seen
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

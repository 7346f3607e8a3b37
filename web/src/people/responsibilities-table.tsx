import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { componentPath } from '../api/components.js';
import type { PersonResponsibilities } from '../api/types.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
import { responsibilityPhrases } from './responsibility.js';

/**
 * The components a person (`username`) answers for and why (owner, owner team, roles on
 * versions): on the person page and, for the one logged in, as "my components" on the home page.
 */
export function ResponsibilitiesTable({
  username,
  components,
  empty,
}: {
  username: string;
  components: PersonResponsibilities['components'];
  empty: string;
}) {
  if (components.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Table withTableBorder data-testid="responsibilities">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Component</Table.Th>
          <Table.Th w={120}>Lifecycle</Table.Th>
          <Table.Th>Responsibility</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {components.map((c) => (
          <Table.Tr key={c.ref}>
            <Table.Td>
              <Anchor component={Link} to={componentPath(c.ref)} size="sm" fw={500}>
                {c.title || c.ref.replace(/^component:(default\/)?/, '')}
              </Anchor>
              <Text size="xs" c="dimmed">
                {c.ref.replace(/^component:/, '')}
              </Text>
            </Table.Td>
            <Table.Td>
              <LifecycleBadge lifecycle={c.lifecycle} />
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {responsibilityPhrases(c, username).map((phrase) => (
                  <Badge key={phrase} size="sm" variant="light" tt="none" radius="sm">
                    {phrase}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

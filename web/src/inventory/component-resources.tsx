import { Anchor, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { FilterInput } from '../catalog/filter-input.js';
import { ErrorAlert, QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { useComponentResources, useInventoryLiveUpdates, useSetResourceRule } from './api.js';

/** The rule: shown to everyone, editable by whoever may edit the component. */
function Rule({
  componentRef,
  filter,
  mayEdit,
}: {
  componentRef: string;
  filter: string | null;
  mayEdit: boolean;
}) {
  const setRule = useSetResourceRule(componentRef);
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <Stack gap={4}>
        <FilterInput
          value={filter ?? ''}
          onApply={(next) =>
            setRule.mutate(next === '' ? null : next, { onSuccess: () => setEditing(false) })
          }
          error={setRule.error}
        />
        <Group gap="xs">
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing(false)}>
            Cancel
          </Button>
          <Text size="xs" c="dimmed">
            Apply saves the rule; an empty rule removes it.
          </Text>
        </Group>
        {setRule.error && !(setRule.error as { code?: string }).code?.startsWith('ARGUS_DSL') && (
          <ErrorAlert error={setRule.error} />
        )}
      </Stack>
    );
  return (
    <Group gap="xs" data-testid="resource-rule">
      <Text size="sm">Rule:</Text>
      {filter ? (
        <Code>{filter}</Code>
      ) : (
        <Text size="sm" c="dimmed">
          none (only linked resources)
        </Text>
      )}
      {mayEdit && (
        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
          {filter ? 'Edit rule' : 'Add a rule'}
        </Button>
      )}
    </Group>
  );
}

/** A component page's Resources section: what it runs on, by link and by its rule. */
export function ComponentResourcesPanel({ componentRef }: { componentRef: string }) {
  useInventoryLiveUpdates();
  const query = useComponentResources(componentRef);
  return (
    <Section title="Resources" testId="component-resources">
      <QueryState query={query}>
        {(data) => (
          <Stack gap="xs">
            <Rule
              componentRef={componentRef}
              filter={data.rule?.filter ?? null}
              mayEdit={data.may.edit}
            />
            {data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No resources: link one from its page, or add a rule.
              </Text>
            ) : (
              <Table verticalSpacing={3}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Resource</Table.Th>
                    <Table.Th>Site</Table.Th>
                    <Table.Th>Class</Table.Th>
                    <Table.Th>Endpoint</Table.Th>
                    <Table.Th>How</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/resources/${r.id}`} size="sm">
                          {r.resource_id}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{r.resource_site}</Table.Td>
                      <Table.Td>
                        {r.resource_class}/{r.resource_subclass}/{r.resource_type}
                      </Table.Td>
                      <Table.Td>{r.resource_endpoint}</Table.Td>
                      <Table.Td>
                        {r.via.map((via) => (
                          <Badge key={via} size="xs" variant="light" mr={4}>
                            {via === 'rule' ? 'rule' : 'linked'}
                          </Badge>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {data.total > data.items.length && (
              <Text size="xs" c="dimmed">
                Showing {data.items.length} of {data.total}.
              </Text>
            )}
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}

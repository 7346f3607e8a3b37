import { Anchor, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Version } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { KeyValues } from '../components/key-values.js';
import { Markdown } from '../components/markdown.js';
import { TagList } from '../components/tag-list.js';
import { PersonLinks } from './person-links.js';
import { QaCard } from './qa-card.js';
import { DEV_LINK_LABELS, DEV_LINKS, FACT_LISTS, ROLE_LABELS, ROLES } from './version-labels.js';

/** One version's people, development facts, QA ratings and deployments. */
export function VersionDetails({
  version: v,
  onRemoveDeployment,
}: {
  version: Version;
  /** Absent when the person may not change deployments: no Remove buttons then. */
  onRemoveDeployment?(id: string): void;
}) {
  const links = DEV_LINKS.filter((k) => v.devLinks[k]);
  return (
    <Stack gap="xs">
      {v.releaseNotes && <Markdown data-testid="release-notes">{v.releaseNotes}</Markdown>}
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <div>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            People
          </Text>
          <KeyValues
            labelWidth={130}
            rows={ROLES.map((r) => [
              ROLE_LABELS[r],
              <PersonLinks key={r} usernames={v.people[r] ?? []} />,
            ])}
          />
        </div>
        <div>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Development
          </Text>
          <KeyValues
            labelWidth={110}
            rows={[
              ...FACT_LISTS.map(([field, label]): [string, React.ReactNode] => [
                label,
                v[field].length ? <TagList key={field} values={v[field]} color="indigo" /> : '',
              ]),
              ['Code size', v.kloc === null ? '' : `${v.kloc} KLOC`],
              [
                'Links',
                links.length ? (
                  <Group key="links" gap={8}>
                    {links.map((k) => (
                      <Anchor
                        key={k}
                        href={v.devLinks[k]}
                        target="_blank"
                        rel="noreferrer"
                        size="sm"
                      >
                        {DEV_LINK_LABELS[k]}
                      </Anchor>
                    ))}
                  </Group>
                ) : (
                  ''
                ),
              ],
            ]}
          />
        </div>
        <div>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            QA ratings
          </Text>
          <QaCard qa={v.qa} />
        </div>
      </SimpleGrid>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        Deployments
      </Text>
      {v.deployments.length === 0 ? (
        <Text size="sm" c="dimmed">
          None recorded.
        </Text>
      ) : (
        <Table withTableBorder className="dense-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Environment</Table.Th>
              <Table.Th>Location</Table.Th>
              <Table.Th>Product version</Table.Th>
              <Table.Th>Service</Table.Th>
              <Table.Th>Binary</Table.Th>
              <Table.Th>Runtime</Table.Th>
              <Table.Th>Ports</Table.Th>
              <Table.Th>Notes</Table.Th>
              {onRemoveDeployment && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {v.deployments.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.environment ?? ''}</Table.Td>
                <Table.Td>{d.locationClass ?? ''}</Table.Td>
                <Table.Td>{d.productVersion ?? ''}</Table.Td>
                <Table.Td>{d.serviceName}</Table.Td>
                <Table.Td>{d.binaryName}</Table.Td>
                <Table.Td>{d.runtime ?? ''}</Table.Td>
                <Table.Td className="mono">{d.openPorts.join(', ')}</Table.Td>
                <Table.Td>{d.notes}</Table.Td>
                {onRemoveDeployment && (
                  <Table.Td ta="right">
                    <ConfirmButton
                      label="Remove"
                      confirm="Remove this deployment record?"
                      onConfirm={() => onRemoveDeployment(d.id)}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { EXPORT_FORMATS, exportUrl } from '../api/transfer.js';
import { Section } from '../components/section.js';
import { ImportPanel } from './import-panel.js';

/** Bring a catalog in (Panopticum, Backstage, spreadsheets, Argus JSON) and take it out. */
export function TransferPage() {
  return (
    <Stack gap="sm" maw={1000}>
      <Title order={3}>Import / Export</Title>
      <ImportPanel />
      <Section title="Export" testId="export-panel">
        <Table withRowBorders={false} verticalSpacing={3}>
          <Table.Tbody>
            {EXPORT_FORMATS.map((f) => (
              <Table.Tr key={f.value}>
                <Table.Td w={240}>
                  <Anchor href={exportUrl(f.value)} download size="sm">
                    {f.label}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" className="mono">
                    GET {exportUrl(f.value)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Text size="xs" c="dimmed">
            Spreadsheets hold one row per component version; the Argus JSON is a complete, versioned
            backup.
          </Text>
        </Group>
      </Section>
    </Stack>
  );
}

import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A two-column table of facts; empty values show a dash so gaps are visible. */
export function KeyValues({
  rows,
  labelWidth = 140,
}: {
  rows: [string, ReactNode][];
  labelWidth?: number;
}) {
  return (
    <Table verticalSpacing={3} withRowBorders={false} layout="fixed">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Td w={labelWidth} valign="top">
              <Text size="xs" c="dimmed" fw={600}>
                {label}
              </Text>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>
              {value === null || value === undefined || value === '' ? (
                <Text size="sm" c="dimmed">
                  –
                </Text>
              ) : typeof value === 'string' ? (
                <Text size="sm">{value}</Text>
              ) : (
                value
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

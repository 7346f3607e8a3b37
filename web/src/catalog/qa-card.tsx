import { Badge, Group, Table, Text } from '@mantine/core';
import type { Version } from '../api/types.js';
import { QA_COLORS, QA_KINDS } from './version-labels.js';

/** How a rating reads, and how many of three bars it fills (none for "not known" ratings). */
const RATING: Record<string, { label: string; level: number | null; help: string }> = {
  unknown: { label: 'unknown', level: null, help: 'nobody has rated this yet' },
  'n/a': { label: 'n/a', level: null, help: 'does not apply to this component' },
  none: { label: 'none', level: 0, help: 'no tests of this kind' },
  low: { label: 'low', level: 1, help: 'a few tests; large gaps' },
  med: { label: 'medium', level: 2, help: 'the main paths are tested' },
  high: { label: 'high', level: 3, help: 'thoroughly tested' },
};

/**
 * The rating as a word, a colour and a bar meter: each alone tells low from medium, so it reads
 * in grey print and for people who do not see the colours apart.
 */
export function QaRating({ rating }: { rating: string }) {
  const r = RATING[rating] ?? RATING.unknown!;
  return (
    <Group gap={6} wrap="nowrap" title={r.help} data-rating={rating}>
      <Badge
        size="sm"
        radius="sm"
        tt="none"
        autoContrast
        variant={r.level === null ? 'outline' : 'filled'}
        color={QA_COLORS[rating] ?? 'gray'}
        miw={70}
        style={{ overflow: 'visible' }}
      >
        {r.label}
      </Badge>
      {r.level !== null && (
        <Group gap={2} wrap="nowrap" aria-hidden>
          {[1, 2, 3].map((bar) => (
            <span
              key={bar}
              style={{
                width: 6,
                height: 4 + bar * 3,
                alignSelf: 'flex-end',
                borderRadius: 1,
                background:
                  bar <= r.level!
                    ? `var(--mantine-color-${QA_COLORS[rating]}-filled)`
                    : 'var(--mantine-color-gray-3)',
              }}
            />
          ))}
        </Group>
      )}
    </Group>
  );
}

/** One version's QA ratings per kind of test, with their notes wrapped inside the card. */
export function QaCard({ qa }: { qa: Version['qa'] }) {
  return (
    <Table verticalSpacing={3} withRowBorders layout="fixed" data-testid="qa-card">
      <Table.Tbody>
        {QA_KINDS.map((kind) => {
          const fact = qa[kind];
          return (
            <Table.Tr key={kind} data-qa={kind}>
              <Table.Td w={116} style={{ verticalAlign: 'top' }}>
                <Text size="xs" fw={600}>
                  {kind}
                </Text>
              </Table.Td>
              <Table.Td w={112} style={{ verticalAlign: 'top' }}>
                <QaRating rating={fact?.rating ?? 'unknown'} />
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Text
                  size="xs"
                  c="dimmed"
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  {fact?.notes ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

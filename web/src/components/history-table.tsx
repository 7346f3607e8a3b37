import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { usePersonNames } from '../api/people.js';
import type { HistoryEvent } from '../api/types.js';
import { formatDateTime, formatShortDateTime, formatValue, humanize } from './format.js';

const ACTION_COLORS = { create: 'green', update: 'blue', delete: 'red' } as const;

function Value({ value, kind }: { value: unknown; kind: 'old' | 'new' }) {
  const text = formatValue(value);
  return (
    <Text
      span
      size="xs"
      className="mono"
      c={text === '∅' ? 'dimmed' : kind === 'old' ? 'red.8' : 'green.9'}
      td={kind === 'old' && text !== '∅' ? 'line-through' : undefined}
      lineClamp={3}
      title={text}
      style={{ wordBreak: 'break-word' }}
    >
      {text}
    </Text>
  );
}

interface Row {
  first: HistoryEvent;
  /** A create or delete: all its fields in one row. */
  group?: HistoryEvent[];
}

/** Updates stay one row per field; a create or delete becomes one row listing its fields. */
export function historyRows(events: HistoryEvent[]): Row[] {
  const rows: Row[] = [];
  for (const e of events) {
    const last = rows.at(-1);
    if (
      e.action !== 'update' &&
      last?.group &&
      last.first.requestId === e.requestId &&
      last.first.entityId === e.entityId &&
      last.first.action === e.action
    ) {
      last.group.push(e);
    } else {
      rows.push(e.action === 'update' ? { first: e } : { first: e, group: [e] });
    }
  }
  return rows;
}

function FieldList({ events }: { events: HistoryEvent[] }) {
  const filled = events
    .filter((e) => e.field)
    .map((e) => ({
      field: e.field!,
      text: formatValue(e.action === 'delete' ? e.oldValue : e.newValue),
    }))
    .filter((f) => f.text !== '∅' && f.text !== 'false')
    .sort((a, b) => a.field.localeCompare(b.field));
  if (filled.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {events[0]?.reason ?? ''}
      </Text>
    );
  return (
    <Text size="xs" lineClamp={4} style={{ wordBreak: 'break-word' }}>
      {filled.map((f, i) => (
        <span key={f.field}>
          {i > 0 && (
            <Text span c="dimmed" size="xs">
              {' · '}
            </Text>
          )}
          <Text span size="xs" fw={600}>
            {humanize(f.field)}
          </Text>
          {': '}
          <Text
            span
            size="xs"
            className="mono"
            c={events[0]?.action === 'delete' ? 'red.8' : 'green.9'}
          >
            {f.text}
          </Text>
        </span>
      ))}
    </Text>
  );
}

/**
 * Field-by-field history "like in JIRA": when, who, what, which field, old -> new. `label`
 * names the entity of an event when several kinds are merged (a version of the component).
 */
export function HistoryTable({
  events,
  label,
  hasMore,
  onMore,
  loading,
}: {
  events: HistoryEvent[];
  label?: (event: HistoryEvent) => string | null;
  hasMore?: boolean;
  onMore?: () => void;
  loading?: boolean;
}) {
  const nameOf = usePersonNames();
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {loading ? 'Loading history...' : 'No changes recorded.'}
      </Text>
    );
  }
  return (
    <>
      <Table withTableBorder layout="fixed" data-testid="history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={128}>When</Table.Th>
            <Table.Th w={110}>Who</Table.Th>
            <Table.Th w={label ? 170 : 80}>Change</Table.Th>
            <Table.Th w={140}>Field</Table.Th>
            <Table.Th>Old value → new value</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {historyRows(events).map(({ first: e, group }) => {
            const what = label?.(e);
            return (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Text
                    size="xs"
                    style={{ whiteSpace: 'nowrap' }}
                    title={`${formatDateTime(e.at)} · request ${e.requestId}`}
                  >
                    {formatShortDateTime(e.at)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" truncate title={e.actor}>
                    {nameOf(e.actor)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {/* The action always shows whole; a long entity name gives way instead. */}
                    <Badge
                      size="xs"
                      variant="light"
                      color={ACTION_COLORS[e.action]}
                      style={{ flexShrink: 0 }}
                    >
                      {e.action}
                    </Badge>
                    {what && (
                      <Text size="xs" c="dimmed" truncate title={what}>
                        {what}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" fw={500} truncate title={e.field ?? ''}>
                    {group
                      ? e.action === 'create'
                        ? 'created'
                        : 'deleted'
                      : e.field
                        ? humanize(e.field)
                        : '–'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {group ? (
                    <FieldList events={group} />
                  ) : e.field ? (
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      {e.action !== 'create' && <Value value={e.oldValue} kind="old" />}
                      {e.action === 'update' && (
                        <Text span size="xs" c="dimmed">
                          →
                        </Text>
                      )}
                      {e.action !== 'delete' && <Value value={e.newValue} kind="new" />}
                    </Group>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {e.reason ?? ''}
                    </Text>
                  )}
                  {!group && e.field && e.reason && (
                    <Text size="xs" c="dimmed">
                      {e.reason}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {hasMore && onMore && (
        <Button size="compact-xs" variant="subtle" mt={4} onClick={onMore} loading={loading}>
          Older changes
        </Button>
      )}
    </>
  );
}

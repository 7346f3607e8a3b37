import { Badge, Group, Text } from '@mantine/core';

/** Compact chips for tags, languages and other lists; `max` keeps table cells one line. */
export function TagList({
  values,
  max,
  color = 'gray',
}: {
  values: string[];
  max?: number;
  color?: string;
}) {
  if (values.length === 0)
    return (
      <Text span c="dimmed" size="sm">
        –
      </Text>
    );
  const shown = max ? values.slice(0, max) : values;
  return (
    <Group gap={4} wrap={max ? 'nowrap' : 'wrap'}>
      {shown.map((v) => (
        <Badge
          key={v}
          size="xs"
          variant="outline"
          color={color}
          radius="sm"
          tt="none"
          style={{ flexShrink: 0 }}
        >
          {v}
        </Badge>
      ))}
      {max && values.length > max && (
        <Text span size="xs" c="dimmed">
          +{values.length - max}
        </Text>
      )}
    </Group>
  );
}

import { Anchor, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FacetValue } from '../api/types.js';
import { FACET_FIELDS, type FacetField } from './components-search.js';

/** Headings of the facets any list offers (components and the other kinds). */
const LABELS: Record<string, string> = {
  category: 'Category',
  type: 'Type',
  lifecycle: 'Lifecycle',
  owner: 'Owner',
  tags: 'Tags',
  languages: 'Languages',
  system: 'System',
  domain: 'Domain',
};
const SHOWN = 8;

function FacetList({
  field,
  counts,
  selected,
  onChange,
}: {
  field: string;
  counts: FacetValue[];
  selected: string[];
  onChange(values: string[]): void;
}) {
  const [all, setAll] = useState(false);
  // Selected values stay visible even when the current set no longer has them.
  const rows = [...counts.map((c) => ({ key: c.value ?? '', count: c.count }))];
  for (const value of selected)
    if (!rows.some((r) => r.key === value)) rows.push({ key: value, count: 0 });
  const visible = all ? rows : rows.slice(0, SHOWN);
  const toggle = (key: string, on: boolean) =>
    onChange(on ? [...selected, key] : selected.filter((v) => v !== key));
  return (
    <div data-testid={`facet-${field}`}>
      <Group justify="space-between" mb={2}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {LABELS[field] ?? field}
        </Text>
        {selected.length > 0 && (
          <Anchor size="xs" onClick={() => onChange([])}>
            clear
          </Anchor>
        )}
      </Group>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          no values
        </Text>
      )}
      <Stack gap={3}>
        {visible.map((row) => (
          <Checkbox
            key={row.key}
            size="xs"
            checked={selected.includes(row.key)}
            onChange={(e) => toggle(row.key, e.currentTarget.checked)}
            label={
              <Group gap={4} wrap="nowrap" justify="space-between" w={170}>
                <Text size="xs" truncate fs={row.key === '' ? 'italic' : undefined}>
                  {row.key === '' ? '(not set)' : row.key}
                </Text>
                <Text size="xs" c="dimmed">
                  {row.count}
                </Text>
              </Group>
            }
          />
        ))}
      </Stack>
      {rows.length > SHOWN && (
        <Anchor size="xs" onClick={() => setAll((a) => !a)}>
          {all ? 'show fewer' : `show all ${rows.length}`}
        </Anchor>
      )}
    </div>
  );
}

/**
 * Checkbox lists with counts; a selection becomes `field IN (...)` ANDed to the filter. The
 * components' facets unless `fields` names a kind's.
 */
export function FacetPanel<F extends string = FacetField>({
  counts,
  selected,
  onChange,
  fields = FACET_FIELDS as unknown as readonly F[],
}: {
  counts: Partial<Record<F, FacetValue[]>>;
  selected: Partial<Record<F, string[]>>;
  onChange(field: F, values: string[]): void;
  fields?: readonly F[];
}) {
  return (
    <Stack gap="md">
      {fields.map((field) => (
        <FacetList
          key={field}
          field={field}
          counts={counts[field] ?? []}
          selected={selected[field] ?? []}
          onChange={(values) => onChange(field, values)}
        />
      ))}
    </Stack>
  );
}

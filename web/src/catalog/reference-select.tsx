import { MultiSelect, type MultiSelectProps, Select, type SelectProps } from '@mantine/core';
import { useReferenceList } from '../api/reference.js';
import { useTeams } from '../api/teams.js';
import type { ReferenceList } from '../api/types.js';

/** Options that always include the current values, so an old value still shows. */
function withValues(names: string[], values: (string | null | undefined)[]): string[] {
  const out = [...names];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

/** One value of a reference list (types, categories, vendors...), loaded from /api/reference. */
export function ReferenceSelect({
  list,
  parent,
  value,
  onChange,
  ...props
}: {
  list: ReferenceList;
  parent?: string | null;
  value: string | null;
  onChange(value: string | null): void;
} & Omit<SelectProps, 'data' | 'value' | 'onChange'>) {
  const items = useReferenceList(list).data?.items ?? [];
  const names = items
    .filter((i) => !parent || i.parent === null || i.parent === parent)
    .map((i) => i.name);
  return (
    <Select
      data={withValues(names, [value])}
      value={value}
      onChange={(v) => onChange(v)}
      searchable
      clearable
      nothingFoundMessage={`Not in the ${list.replace(/_/g, ' ')} list`}
      {...props}
    />
  );
}

export function ReferenceMultiSelect({
  list,
  value,
  onChange,
  ...props
}: { list: ReferenceList; value: string[]; onChange(value: string[]): void } & Omit<
  MultiSelectProps,
  'data' | 'value' | 'onChange'
>) {
  const items = useReferenceList(list).data?.items ?? [];
  return (
    <MultiSelect
      data={withValues(
        items.map((i) => i.name),
        value,
      )}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage={`Not in the ${list.replace(/_/g, ' ')} list`}
      {...props}
    />
  );
}

export function TeamSelect({
  value,
  onChange,
  ...props
}: { value: string | null; onChange(value: string | null): void } & Omit<
  SelectProps,
  'data' | 'value' | 'onChange'
>) {
  const teams = useTeams().data?.items ?? [];
  return (
    <Select
      data={withValues(
        teams.map((t) => t.name),
        [value],
      )}
      value={value}
      onChange={(v) => onChange(v)}
      searchable
      clearable
      {...props}
    />
  );
}

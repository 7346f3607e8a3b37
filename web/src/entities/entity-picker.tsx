import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { type EntityKind, useEntityOptions } from '../api/entities.js';
import { KINDS } from './kinds.js';

/** Picks an entity of a kind by searching the server; the value is its ref (`api:ns/name`). */
export function EntityPicker({
  kind,
  value,
  onChange,
  ...props
}: { kind: EntityKind; value: string | null; onChange(value: string | null): void } & Omit<
  SelectProps,
  'data' | 'value' | 'onChange'
>) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const options = useEntityOptions(kind, debounced);
  const data = (options.data?.items ?? []).map((e) => ({
    value: e.ref,
    label: e.title && e.title !== e.name ? `${e.name} · ${e.title}` : e.name,
  }));
  if (value && !data.some((o) => o.value === value)) data.unshift({ value, label: value });
  return (
    <Select
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? 'Searching...' : `No ${KINDS[kind].one} found`}
      clearable
      {...props}
    />
  );
}

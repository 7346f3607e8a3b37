import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useComponentOptions } from '../api/components.js';

/** Picks a component by searching the server; the value is `namespace/name`. */
export function ComponentPicker({
  value,
  onChange,
  exclude,
  ...props
}: { value: string | null; onChange(value: string | null): void; exclude?: string } & Omit<
  SelectProps,
  'data' | 'value' | 'onChange'
>) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const options = useComponentOptions(debounced);
  const data = (options.data?.items ?? [])
    .map((c) => ({
      value: `${c.namespace}/${c.name}`,
      label: c.title && c.title !== c.name ? `${c.name} · ${c.title}` : c.name,
    }))
    .filter((o) => o.value !== exclude);
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
      nothingFoundMessage={options.isFetching ? 'Searching...' : 'No component found'}
      clearable
      {...props}
    />
  );
}

import { Select, type SelectProps } from '@mantine/core';
import { usePeople } from '../api/people.js';
import { useTeams } from '../api/teams.js';

interface Option {
  value: string;
  label: string;
}

/**
 * A component's owner: a team (its name) or a person (`user:<username>`), offered in two groups
 * and searchable by a person's name or username. The current owner stays offered even when the
 * lists do not hold it (a hidden person).
 */
export function OwnerSelect({
  value,
  onChange,
  ...props
}: { value: string | null; onChange(value: string | null): void } & Omit<
  SelectProps,
  'data' | 'value' | 'onChange'
>) {
  const teams: Option[] = (useTeams().data?.items ?? []).map((t) => ({
    value: t.name,
    label: t.name,
  }));
  const people: Option[] = (usePeople().data?.items ?? []).map((p) => ({
    value: `user:${p.username}`,
    label: p.name && p.name !== p.username ? `${p.name} (${p.username})` : p.username,
  }));
  const offered = [...teams, ...people].some((o) => o.value === value);
  if (value && !offered) {
    const person = value.startsWith('user:');
    (person ? people : teams).push({ value, label: person ? value.slice(5) : value });
  }
  return (
    <Select
      data={[
        { group: 'Teams', items: teams },
        { group: 'People', items: people },
      ]}
      value={value}
      onChange={(v) => onChange(v)}
      searchable
      clearable
      nothingFoundMessage="No team or person by that name"
      {...props}
    />
  );
}

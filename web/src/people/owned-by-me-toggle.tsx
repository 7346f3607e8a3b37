import { Button, Tooltip } from '@mantine/core';
import { useMe } from '../api/auth.js';
import { useResponsibilities } from '../api/people.js';

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));

/**
 * "Owned by me or my teams" on the dashboard: a preset of the owner facet with the teams the
 * person is a direct member of (owner matches the teams below them too) and the person, who may
 * own components themselves. Pressed again, it clears.
 */
export function OwnedByMeToggle({
  owners,
  onChange,
}: {
  owners: string[] | undefined;
  onChange(owners: string[] | undefined): void;
}) {
  const me = useMe().data;
  const mine = useResponsibilities(me?.username);
  const teams = mine.data?.teams.filter((t) => !t.via).map((t) => t.name) ?? [];
  const preset = me ? [...teams, me.username] : teams;
  const active = preset.length > 0 && sameSet(owners ?? [], preset);
  const button = (
    <Button
      size="compact-xs"
      variant={active ? 'filled' : 'light'}
      disabled={!me}
      aria-pressed={active}
      onClick={() => onChange(active ? undefined : preset)}
    >
      Owned by me or my teams
    </Button>
  );
  return teams.length === 0 && mine.data ? (
    <Tooltip label="You are in no team: this shows what you own yourself">
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

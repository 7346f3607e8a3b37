import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTeams } from '../api/teams.js';

/** Team titles by name ("Payments" for `payments`); a team without a title is called by its name. */
export function useTeamTitles(): (name: string) => string {
  const teams = useTeams().data?.items;
  return useMemo(() => {
    const titles = new Map(teams?.map((t) => [t.name.toLowerCase(), t.title]));
    return (name: string) => titles.get(name.toLowerCase()) || name;
  }, [teams]);
}

/** A team by its title, linking to its page (its name in the tooltip). */
export function TeamLink({ name, size = 'sm' }: { name: string; size?: string }) {
  const titleOf = useTeamTitles();
  return (
    <Anchor component={Link} to={`/teams/${encodeURIComponent(name)}`} size={size} title={name}>
      {titleOf(name)}
    </Anchor>
  );
}

import { NavLink, ScrollArea, Text } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { KIND_ORDER, KINDS } from '../entities/kinds.js';

interface Entry {
  label: string;
  to: string;
  /** Whether the current path belongs to this entry (default: it starts with `to`). */
  match?: (path: string) => boolean;
}

const ENTRIES: Entry[] = [
  { label: 'Home', to: '/', match: (p) => p === '/' },
  { label: 'Components', to: '/components' },
  ...KIND_ORDER.map((kind) => ({ label: KINDS[kind].heading, to: `/${KINDS[kind].path}` })),
  { label: 'Dependency graph', to: '/graph' },
  { label: 'People', to: '/people' },
  { label: 'Teams', to: '/teams' },
  { label: 'History', to: '/history' },
  { label: 'Reference lists', to: '/reference' },
  { label: 'Import / Export', to: '/transfer' },
];

/**
 * Areas of the product that are planned but not built. One quiet line says they are coming;
 * a column of disabled links would only be a wall of things nobody can open.
 */
const COMING = 'requirements, tech radar, inventory, telemetry, monitoring, deployments';

export function Navbar({ onNavigate }: { onNavigate(): void }) {
  const path = useRouterState({ select: (s) => s.location.pathname });
  return (
    <ScrollArea type="never">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt={4} pb={4}>
        Catalog
      </Text>
      {ENTRIES.map((entry) => (
        <NavLink
          key={entry.to}
          component={Link}
          to={entry.to}
          label={entry.label}
          active={entry.match ? entry.match(path) : path.startsWith(entry.to)}
          onClick={onNavigate}
          py={6}
        />
      ))}
      <Text size="xs" c="dimmed" px="sm" pt="md" data-testid="coming-areas">
        Coming next: {COMING}.
      </Text>
    </ScrollArea>
  );
}

import { NavLink, ScrollArea, Text } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { useMe } from '../api/auth.js';
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
  { label: 'Tech radar', to: '/radar' },
  { label: 'People', to: '/people' },
  { label: 'Teams', to: '/teams' },
  { label: 'History', to: '/history' },
  { label: 'Reference lists', to: '/reference' },
  { label: 'Import / Export', to: '/transfer' },
];

/** Requirements and sign-off; only admins define sets, requirements and levels. */
const REQUIREMENT_ENTRIES: (Entry & { adminOnly?: boolean })[] = [
  {
    label: 'Sets and dashboards',
    to: '/requirements',
    match: (p) => p === '/requirements' || p.startsWith('/requirements/sets'),
  },
  { label: 'Review queue', to: '/requirements/queue' },
  { label: 'Team scorecard', to: '/requirements/scorecard' },
  { label: 'Manage requirements', to: '/requirements/admin', adminOnly: true },
];

/** The inventory: what components run on (a section of its own: the catalog has Resources too). */
const INVENTORY_ENTRIES: Entry[] = [
  { label: 'Resources', to: '/resources' },
  { label: 'Sites', to: '/sites' },
  { label: 'Plugins', to: '/plugins' },
];

/**
 * Areas of the product that are planned but not built. One quiet line says they are coming;
 * a column of disabled links would only be a wall of things nobody can open.
 */
const COMING = 'monitoring, deployments';

function EntryLinks({
  entries,
  path,
  onNavigate,
}: {
  entries: Entry[];
  path: string;
  onNavigate(): void;
}) {
  return entries.map((entry) => (
    <NavLink
      key={entry.to}
      component={Link}
      to={entry.to}
      label={entry.label}
      active={entry.match ? entry.match(path) : path.startsWith(entry.to)}
      // The router marks a link current for any path below it; an entry with its own match decides alone.
      activeOptions={{ exact: entry.match !== undefined }}
      onClick={onNavigate}
      py={6}
    />
  ));
}

export function Navbar({ onNavigate }: { onNavigate(): void }) {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const isAdmin = useMe().data?.isAdmin ?? false;
  return (
    <ScrollArea type="never">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt={4} pb={4}>
        Catalog
      </Text>
      <EntryLinks entries={ENTRIES} path={path} onNavigate={onNavigate} />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
        Requirements
      </Text>
      <EntryLinks
        entries={REQUIREMENT_ENTRIES.filter((e) => !e.adminOnly || isAdmin)}
        path={path}
        onNavigate={onNavigate}
      />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
        Inventory
      </Text>
      <EntryLinks entries={INVENTORY_ENTRIES} path={path} onNavigate={onNavigate} />
      <Text size="xs" c="dimmed" px="sm" pt="md" data-testid="coming-areas">
        Coming next: {COMING}.
      </Text>
    </ScrollArea>
  );
}

import { Badge, NavLink, ScrollArea, Text } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';

interface Entry {
  label: string;
  to: string;
  /** Extra paths that light this entry up. */
  match?: (path: string) => boolean;
}

const CATALOG: Entry[] = [
  {
    label: 'Components',
    to: '/components',
    match: (p) => p === '/' || p.startsWith('/components'),
  },
  { label: 'Dependency graph', to: '/graph' },
  { label: 'People', to: '/people' },
  { label: 'Teams', to: '/teams' },
  { label: 'Reference lists', to: '/reference' },
  { label: 'Import / Export', to: '/transfer' },
];

/** Areas of the product that are planned but not built: shown, disabled, never faked. */
const COMING = [
  'Requirements',
  'Tech radar',
  'Inventory',
  'Telemetry',
  'Monitoring',
  'Deployments',
];

export function Navbar({ onNavigate }: { onNavigate(): void }) {
  const path = useRouterState({ select: (s) => s.location.pathname });
  return (
    <ScrollArea type="never">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt={4} pb={4}>
        Catalog
      </Text>
      {CATALOG.map((entry) => (
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
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
        Operations
      </Text>
      {COMING.map((label) => (
        <NavLink
          key={label}
          label={label}
          disabled
          py={6}
          rightSection={
            <Badge size="xs" variant="light" color="gray">
              coming
            </Badge>
          }
        />
      ))}
    </ScrollArea>
  );
}

import { AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { useLiveUpdates } from '../api/events.js';
import { GlobalSearch } from './global-search.js';
import { Navbar } from './navbar.js';
import { UserMenu } from './user-menu.js';

/** The frame of every logged-in page: header (name, search, user), navbar, content. */
export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const queryClient = useQueryClient();
  useLiveUpdates(queryClient, true);
  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text component={Link} to="/" fw={700} size="lg" c="indigo.7" td="none">
              Argus
            </Text>
            <Text size="xs" c="dimmed" visibleFrom="md">
              operations control plane
            </Text>
          </Group>
          <GlobalSearch />
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Navbar onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useLogout, useMe } from '../api/auth.js';

export function UserMenu() {
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Menu position="bottom-end" width={200} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label="User menu">
          <Group gap={6} wrap="nowrap">
            <Avatar size={26} radius="xl" color="indigo">
              {me.username.slice(0, 2).toUpperCase()}
            </Avatar>
            <Text size="sm" visibleFrom="sm">
              {me.username}
            </Text>
            {me.isAdmin && (
              <Badge size="xs" variant="outline" visibleFrom="sm">
                admin
              </Badge>
            )}
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {me.username}</Menu.Label>
        <Menu.Item component={Link} to={`/people/${encodeURIComponent(me.username)}`}>
          My profile
        </Menu.Item>
        <Menu.Item component={Link} to="/tokens">
          API tokens
        </Menu.Item>
        <Menu.Item component="a" href="/api/docs" target="_blank" rel="noreferrer">
          API reference
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          onClick={() =>
            logout.mutate(undefined, {
              onSettled: () => void navigate({ to: '/login', search: { redirect: undefined } }),
            })
          }
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

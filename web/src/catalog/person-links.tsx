import { Anchor, Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';

export function PersonLinks({ usernames }: { usernames: string[] }) {
  if (usernames.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        –
      </Text>
    );
  }
  return (
    <Group gap={8}>
      {usernames.map((u) => (
        <Anchor key={u} component={Link} to={`/people/${encodeURIComponent(u)}`} size="sm">
          {u}
        </Anchor>
      ))}
    </Group>
  );
}

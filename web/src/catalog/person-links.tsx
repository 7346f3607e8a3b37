import { Anchor, Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { usePersonNames } from '../api/people.js';

/** People by name (the username in the tooltip), each a link to their page. */
export function PersonLinks({ usernames }: { usernames: string[] }) {
  const nameOf = usePersonNames();
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
        <Anchor
          key={u}
          component={Link}
          to={`/people/${encodeURIComponent(u)}`}
          size="sm"
          title={u}
        >
          {nameOf(u)}
        </Anchor>
      ))}
    </Group>
  );
}

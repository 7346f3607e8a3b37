import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { componentPath } from '../api/components.js';
import type { EntityLink } from '../api/entities.js';
import { usePersonNames } from '../api/people.js';
import { useTeams } from '../api/teams.js';
import { entityPath, shortRef } from './kinds.js';

/** An owner as its page: `group:payments` -> the team, `user:bob` -> the person. */
export function OwnerLink({ ownerRef, owner }: { ownerRef: string | null; owner: string | null }) {
  if (!ownerRef || !owner)
    return (
      <Text span size="sm" c="dimmed">
        unowned
      </Text>
    );
  const to = ownerRef.startsWith('user:')
    ? `/people/${encodeURIComponent(owner)}`
    : `/teams/${encodeURIComponent(owner)}`;
  return (
    <Anchor component={Link} to={to} size="sm">
      {owner}
    </Anchor>
  );
}

/** The owner by its title (a team's title, a person's name), linked, the name beside it. */
export function OwnerTitleLink({
  ownerRef,
  owner,
}: {
  ownerRef: string | null;
  owner: string | null;
}) {
  const teams = useTeams().data?.items;
  const personName = usePersonNames();
  if (!ownerRef || !owner) return <OwnerLink ownerRef={ownerRef} owner={owner} />;
  const title = ownerRef.startsWith('user:')
    ? personName(owner)
    : teams?.find((t) => t.name.toLowerCase() === owner.toLowerCase())?.title || owner;
  const to = ownerRef.startsWith('user:')
    ? `/people/${encodeURIComponent(owner)}`
    : `/teams/${encodeURIComponent(owner)}`;
  return (
    <Group gap={6} wrap="nowrap">
      <Anchor component={Link} to={to} size="sm" data-testid="owner-link">
        {title}
      </Anchor>
      {title !== owner && (
        <Text size="xs" c="dimmed">
          {ownerRef.startsWith('user:') ? owner : `team ${owner}`}
        </Text>
      )}
    </Group>
  );
}

/** A component, system, domain, API or resource by its ref, linking to its page. */
export function RefLink({ entityRef, title }: { entityRef: string; title?: string }) {
  const to = entityRef.startsWith('component:') ? componentPath(entityRef) : entityPath(entityRef);
  const label = title && title !== shortRef(entityRef) ? title : shortRef(entityRef);
  if (!to) return <Text size="sm">{entityRef}</Text>;
  return (
    <Anchor component={Link} to={to} size="sm" data-ref={entityRef}>
      {label}
    </Anchor>
  );
}

/** A short list of related entities, or a dimmed "none". */
export function RefList({ items, testId }: { items: EntityLink[]; testId?: string }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        none
      </Text>
    );
  return (
    <Stack gap={2} data-testid={testId}>
      {items.map((item) => (
        <Group key={item.ref} gap={6} wrap="nowrap">
          <RefLink entityRef={item.ref} title={item.title} />
          {item.title !== shortRef(item.ref) && (
            <Text size="xs" c="dimmed">
              {shortRef(item.ref)}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}

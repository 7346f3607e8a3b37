import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { PersonResponsibilities } from '../api/types.js';

/** Where each kind's pages live (the kinds' routes: /systems, /domains, /apis, /catalog-resources). */
const KIND_PATHS: Record<string, string> = {
  system: 'systems',
  domain: 'domains',
  api: 'apis',
  resource: 'catalog-resources',
};

/** `api:shop/cart` -> `/apis/shop/cart`. */
export function ownedEntityPath(ref: string): string | undefined {
  const match = /^([a-z]+):([^/]+)\/(.+)$/.exec(ref);
  const path = match && KIND_PATHS[match[1]!];
  if (!match || !path) return undefined;
  return `/${path}/${encodeURIComponent(match[2]!)}/${encodeURIComponent(match[3]!)}`;
}

/** The systems, domains, APIs and resources a person answers for, beside their components. */
export function OwnedEntities({ entities }: { entities: PersonResponsibilities['entities'] }) {
  if (entities.length === 0) return null;
  return (
    <Group gap={8} mt={6} data-testid="owned-entities">
      <Text size="xs" c="dimmed">
        Also owns:
      </Text>
      {entities.map((e) => {
        const to = ownedEntityPath(e.ref);
        const label = e.title || e.ref.replace(/^[a-z]+:(default\/)?/, '');
        return (
          <Group key={e.ref} gap={4} wrap="nowrap">
            <Badge size="xs" variant="outline" color="gray" tt="none">
              {e.ref.split(':')[0]}
            </Badge>
            {to ? (
              <Anchor component={Link} to={to} size="sm" title={e.ref}>
                {label}
              </Anchor>
            ) : (
              <Text size="sm">{label}</Text>
            )}
            {e.ownerTeam && (
              <Text size="xs" c="dimmed">
                ({e.ownerTeam})
              </Text>
            )}
          </Group>
        );
      })}
    </Group>
  );
}

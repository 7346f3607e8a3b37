import { Text } from '@mantine/core';
import type { Version } from '../api/types.js';
import { KeyValues } from '../components/key-values.js';
import { PersonLinks } from './person-links.js';
import { ROLE_LABELS, ROLES } from './version-labels.js';

/** People by role of the latest version: the server lists versions highest first. */
export function OwnersPanel({ versions }: { versions: Version[] }) {
  const latest = versions[0];
  if (!latest) {
    return (
      <Text size="sm" c="dimmed">
        No versions yet: people are named per version.
      </Text>
    );
  }
  return (
    <>
      <Text size="xs" c="dimmed" mb={4} data-testid="latest-note">
        From version <b>{latest.version}</b>, the latest (highest by semantic order).
      </Text>
      <KeyValues
        labelWidth={150}
        rows={ROLES.map((role) => [
          ROLE_LABELS[role],
          <PersonLinks key={role} usernames={latest.people[role] ?? []} />,
        ])}
      />
    </>
  );
}

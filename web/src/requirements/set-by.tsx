import { Text } from '@mantine/core';
import type { PersonRef } from '../../../src/requirements/contract.js';
import { formatDateTime, formatRelative } from '../components/format.js';

/** "by Bob Builder, 3 min ago" (the full time in the title); nothing when the side was never set. */
export function SetBy({ by, at }: { by: PersonRef | null; at: string | null }) {
  if (!by && !at) return null;
  return (
    <Text span size="xs" c="dimmed" title={formatDateTime(at)}>
      {by ? `by ${by.name || by.username}` : ''}
      {by && at ? ', ' : ''}
      {formatRelative(at)}
    </Text>
  );
}

import { Badge } from '@mantine/core';
import { LIFECYCLE_COLORS } from '../app/theme.js';

export function LifecycleBadge({ lifecycle }: { lifecycle: string }) {
  return (
    <Badge size="sm" variant="light" color={LIFECYCLE_COLORS[lifecycle] ?? 'gray'} radius="sm">
      {lifecycle}
    </Badge>
  );
}

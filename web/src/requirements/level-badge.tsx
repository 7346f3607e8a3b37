import { Badge } from '@mantine/core';
import type { LevelRef } from '../api/requirements.js';

/**
 * The level a version reached, in the level's own colour (an admin picks it), or "no level" in
 * outline. The name is always written out, so the colour only decorates.
 */
export function LevelBadge({
  level,
  size = 'sm',
}: {
  level: LevelRef | null;
  size?: 'xs' | 'sm' | 'md';
}) {
  if (!level)
    return (
      <Badge size={size} variant="outline" color="gray" tt="none" radius="sm" data-level="">
        no level
      </Badge>
    );
  return (
    <Badge
      size={size}
      tt="none"
      radius="sm"
      autoContrast
      color={level.color || 'indigo'}
      data-level={level.name}
      title={`level reached: ${level.name}`}
    >
      {level.name}
    </Badge>
  );
}

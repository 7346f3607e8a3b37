import { Badge, Tooltip } from '@mantine/core';
import { STATUS } from './plugins-api.js';

/** A run's status code as a coloured badge; the code itself in the tooltip (it is what alerts use). */
export function StatusBadge({ status, count }: { status: number; count?: number }) {
  const known = STATUS[status] ?? { label: `status ${status}`, color: 'gray' };
  return (
    <Tooltip label={`status ${status}`}>
      <Badge color={known.color} variant="light" size="sm" data-status={status}>
        {count !== undefined ? `${count} ${known.label}` : known.label}
      </Badge>
    </Tooltip>
  );
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

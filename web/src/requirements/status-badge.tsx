import { Badge, type BadgeProps } from '@mantine/core';
import {
  EXEMPTION_LOOK,
  lookOf,
  OVERALL_LOOK,
  OWNER_LOOK,
  REVIEWER_LOOK,
  type StatusLook,
} from './status-labels.js';

const TABLES = {
  overall: OVERALL_LOOK,
  owner: OWNER_LOOK,
  reviewer: REVIEWER_LOOK,
  exemption: EXEMPTION_LOOK,
} as const;

/**
 * A status as a badge: glyph and word on its colour; the title says what it
 * means ("waiting: ready, waiting for a reviewer to approve"). The overall status is filled, a
 * side's status is light, so the derived one stands out on a card.
 */
export function StatusBadge({
  kind,
  status,
  prefix,
  ...props
}: {
  kind: keyof typeof TABLES;
  status: string;
  /** A word before the status ("owner", "reviewer"): part of the text, not only of the title. */
  prefix?: string;
} & Omit<BadgeProps, 'children' | 'color'>) {
  const look: StatusLook = lookOf(TABLES[kind], status);
  const text = prefix ? `${prefix}: ${look.label}` : look.label;
  return (
    <Badge
      size="sm"
      radius="sm"
      tt="none"
      variant={kind === 'overall' ? 'filled' : 'light'}
      autoContrast
      color={look.color}
      title={`${text}: ${look.help}`}
      data-status={status}
      data-kind={kind}
      style={{ overflow: 'visible' }}
      {...props}
    >
      <span aria-hidden>{look.glyph}</span> {text}
    </Badge>
  );
}

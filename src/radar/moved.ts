import type { Move } from './contract.js';

/** A point of an entry's timeline as derivation needs it: when, and how far out its ring is. */
export interface DatedPosition {
  date: Date;
  /** The ring's position: 0 is the innermost. */
  position: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How an entry moved, from its timeline (PRODUCT 3): `new` while its first point is at most
 * `newDays` old; `in` or `out` when its newest point is that recent and put it on an inner or
 * outer ring than the point before; `unchanged` otherwise. Old moves are not news: a radar
 * marks what changed lately, as each edition of Zalando's marks the moves since the last one.
 */
export function deriveMove(timeline: readonly DatedPosition[], now: Date, newDays: number): Move {
  if (timeline.length === 0) return 'unchanged';
  const points = [...timeline].sort((a, b) => a.date.getTime() - b.date.getTime());
  const since = now.getTime() - newDays * DAY_MS;
  if (points[0]!.date.getTime() >= since) return 'new';
  const last = points[points.length - 1]!;
  const previous = points[points.length - 2];
  if (!previous || last.date.getTime() < since) return 'unchanged';
  if (last.position < previous.position) return 'in';
  if (last.position > previous.position) return 'out';
  return 'unchanged';
}

/** Zalando's `moved`: -1 out, 0 unchanged, 1 in, 2 new. */
export const ZALANDO_MOVED: Record<Move, -1 | 0 | 1 | 2> = { out: -1, unchanged: 0, in: 1, new: 2 };

/** Backstage's `moved` of one timeline point against the point before it: 1 in, -1 out, 0 same or first. */
export function snapshotMove(position: number, previous: number | undefined): -1 | 0 | 1 {
  if (previous === undefined || previous === position) return 0;
  return position < previous ? 1 : -1;
}

export const daysBefore = (date: Date, days: number) => new Date(date.getTime() - days * DAY_MS);

import { describe, expect, it } from 'vitest';
import { deriveMove, snapshotMove } from './moved.js';

const now = new Date('2026-06-01T00:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

describe('deriveMove', () => {
  it('calls an entry new while its first point is within the window', () => {
    expect(deriveMove([{ date: ago(10), position: 2 }], now, 90)).toBe('new');
    expect(
      deriveMove(
        [
          { date: ago(89), position: 0 },
          { date: ago(1), position: 3 },
        ],
        now,
        90,
      ),
    ).toBe('new');
    expect(deriveMove([{ date: ago(91), position: 2 }], now, 90)).toBe('unchanged');
  });

  it('says in or out when the newest point is recent and changed ring', () => {
    const old = { date: ago(400), position: 2 };
    expect(deriveMove([old, { date: ago(5), position: 1 }], now, 90)).toBe('in');
    expect(deriveMove([old, { date: ago(5), position: 3 }], now, 90)).toBe('out');
    expect(deriveMove([old, { date: ago(5), position: 2 }], now, 90)).toBe('unchanged');
  });

  it('forgets old moves and reads the points in date order whatever order they come in', () => {
    expect(
      deriveMove(
        [
          { date: ago(100), position: 0 },
          { date: ago(400), position: 3 },
        ],
        now,
        90,
      ),
    ).toBe('unchanged');
    expect(
      deriveMove(
        [
          { date: ago(3), position: 0 },
          { date: ago(400), position: 3 },
        ],
        now,
        90,
      ),
    ).toBe('in');
  });

  it('counts the window in days the caller chooses, and an empty timeline has not moved', () => {
    expect(deriveMove([{ date: ago(10), position: 0 }], now, 7)).toBe('unchanged');
    expect(deriveMove([], now, 90)).toBe('unchanged');
  });
});

describe('snapshotMove', () => {
  it('compares a point with the one before it: inner is 1, outer -1, first or same 0', () => {
    expect(snapshotMove(1, 2)).toBe(1);
    expect(snapshotMove(3, 2)).toBe(-1);
    expect(snapshotMove(2, 2)).toBe(0);
    expect(snapshotMove(2, undefined)).toBe(0);
  });
});

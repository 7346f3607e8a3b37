import { describe, expect, it } from 'vitest';
import {
  applicableRequirementIds,
  effectiveStatus,
  exemptionActive,
  isFilled,
  levelReached,
  type OverallStatus,
  overallStatus,
  profileCompleteness,
  qaScore,
  type RequirementOutcome,
  type StatusSides,
  scoreVersion,
  UNTOUCHED,
} from './derive.js';
import {
  OWNER_STATUSES,
  type OwnerStatus,
  REVIEWER_STATUSES,
  type ReviewerStatus,
} from './schema.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const later = (days: number) => new Date(NOW.getTime() + days * DAY);

describe('overallStatus', () => {
  // PRODUCT 2's table, written out pair by pair: owner x reviewer -> overall.
  const TABLE: Record<OwnerStatus, Record<ReviewerStatus, OverallStatus>> = {
    unknown: { unknown: 'unknown', rejected: 'unknown', approved: 'unknown' },
    not_ready: { unknown: 'not_ready', rejected: 'not_ready', approved: 'not_ready' },
    ready: { unknown: 'waiting', rejected: 'not_approved', approved: 'ok' },
    'n/a': { unknown: 'waiting_na', rejected: 'not_approved', approved: 'n/a' },
  };

  const pairs = OWNER_STATUSES.flatMap((owner) =>
    REVIEWER_STATUSES.map((reviewer) => [owner, reviewer] as const),
  );

  it('covers every owner x reviewer pair (4 x 3)', () => {
    expect(pairs).toHaveLength(12);
  });

  it.each(pairs)('owner %s, reviewer %s', (owner, reviewer) => {
    expect(overallStatus(owner, reviewer)).toBe(TABLE[owner][reviewer]);
  });
});

describe('exemptions', () => {
  const approved = { state: 'approved' as const, expiresAt: later(30) };

  it('an approved exemption holds until its expiry, not at or after it', () => {
    expect(exemptionActive(approved, NOW)).toBe(true);
    expect(exemptionActive(approved, new Date(later(30).getTime() - 1))).toBe(true);
    expect(exemptionActive(approved, later(30))).toBe(false);
    expect(exemptionActive(approved, later(31))).toBe(false);
  });

  it('a requested, denied or revoked exemption never holds', () => {
    for (const state of ['requested', 'denied', 'revoked'] as const)
      expect(exemptionActive({ state, expiresAt: later(30) }, NOW)).toBe(false);
  });

  it('an active exemption makes the requirement n/a whatever its sides say; an expired one does not', () => {
    const notReady: StatusSides = { owner: 'not_ready', reviewer: 'rejected' };
    expect(effectiveStatus(notReady, [approved], NOW)).toEqual({ overall: 'n/a', exempted: true });
    expect(effectiveStatus(notReady, [approved], later(40))).toEqual({
      overall: 'not_ready',
      exempted: false,
    });
    const revoked = { ...approved, state: 'revoked' as const };
    expect(effectiveStatus(notReady, [revoked], NOW).overall).toBe('not_ready');
    expect(effectiveStatus(UNTOUCHED, [], NOW).overall).toBe('unknown');
  });
});

const LADDER = [
  { id: 'gold', name: 'Gold', position: 3 },
  { id: 'bronze', name: 'Bronze', position: 1 },
  { id: 'silver', name: 'Silver', position: 2 },
];

function outcome(
  requirementId: string,
  levelId: string | null,
  sides: StatusSides,
  exempted = false,
): RequirementOutcome {
  return {
    requirementId,
    levelId,
    sides,
    exempted,
    overall: exempted ? 'n/a' : overallStatus(sides.owner, sides.reviewer),
  };
}
const OK: StatusSides = { owner: 'ready', reviewer: 'approved' };
const NA: StatusSides = { owner: 'n/a', reviewer: 'approved' };
const WAITING: StatusSides = { owner: 'ready', reviewer: 'unknown' };

describe('levelReached', () => {
  it('reaches each level whose requirements and lower levels are ok or n/a, in position order', () => {
    const progress = levelReached(LADDER, [
      outcome('b1', 'bronze', OK),
      outcome('b2', 'bronze', NA),
      outcome('s1', 'silver', OK),
      outcome('g1', 'gold', WAITING),
      outcome('free', null, UNTOUCHED),
    ]);
    expect(progress.reached?.name).toBe('Silver');
    expect(progress.next?.name).toBe('Gold');
    expect(progress.missing).toEqual(['g1']);
  });

  it('reaches no higher level while a lower one is not: all lower levels first', () => {
    const progress = levelReached(LADDER, [
      outcome('b1', 'bronze', WAITING),
      outcome('s1', 'silver', OK),
      outcome('g1', 'gold', OK),
    ]);
    expect(progress.reached).toBeNull();
    expect(progress.next?.name).toBe('Bronze');
    expect(progress.missing).toEqual(['b1']);
  });

  it('counts an exempted requirement as met', () => {
    const progress = levelReached(LADDER, [
      outcome('b1', 'bronze', { owner: 'not_ready', reviewer: 'unknown' }, true),
    ]);
    expect(progress.reached?.name).toBe('Gold');
    expect(progress.next).toBeNull();
  });

  it('reaches a level without applicable requirements only when the ones below are reached', () => {
    // Silver has nothing applicable: reached above a reached Bronze, not above a missed one.
    expect(
      levelReached(LADDER, [outcome('b1', 'bronze', OK), outcome('g1', 'gold', WAITING)]).reached
        ?.name,
    ).toBe('Silver');
    const held = levelReached(LADDER, [
      outcome('b1', 'bronze', { owner: 'ready', reviewer: 'rejected' }),
      outcome('g1', 'gold', OK),
    ]);
    expect(held.reached).toBeNull();
    expect(held.missing).toEqual(['b1']);
  });

  it('reaches the whole ladder when nothing applies, and nothing on an empty ladder', () => {
    expect(levelReached(LADDER, []).reached?.name).toBe('Gold');
    expect(levelReached([], [outcome('x', null, UNTOUCHED)])).toEqual({
      reached: null,
      next: null,
      missing: [],
    });
  });
});

describe('scores', () => {
  it('readiness counts the owner side, sign-off only approvals: a missing sign-off is not signed', () => {
    const scores = scoreVersion(
      [
        outcome('a', null, OK),
        outcome('b', null, WAITING),
        outcome('c', null, { owner: 'n/a', reviewer: 'unknown' }),
        outcome('d', null, { owner: 'not_ready', reviewer: 'unknown' }),
      ],
      {},
      {},
    );
    expect(scores.readiness).toBe(75);
    expect(scores.signOff).toBe(25);
  });

  it('counts an exempted requirement as ready and signed', () => {
    const scores = scoreVersion(
      [outcome('a', null, UNTOUCHED, true), outcome('b', null, UNTOUCHED)],
      {},
      {},
    );
    expect(scores).toMatchObject({ readiness: 50, signOff: 50 });
  });

  it('rounds down, so a score of 100 means nothing is left', () => {
    const many = Array.from({ length: 300 }, (_, i) => outcome(`r${i}`, null, OK));
    many.push(outcome('last', null, WAITING));
    expect(scoreVersion(many, {}, {}).signOff).toBe(99);
  });

  it('is fully ready and signed when nothing applies (nothing asked)', () => {
    expect(scoreVersion([], {}, {})).toMatchObject({ readiness: 100, signOff: 100 });
  });

  it('sets not applicable for a version leave every score', () => {
    const members = [
      { setId: 'security', requirementId: 'tls' },
      { setId: 'security', requirementId: 'shared' },
      { setId: 'ops', requirementId: 'backup' },
      { setId: 'ops', requirementId: 'shared' },
      { setId: 'mobile', requirementId: 'app-store' },
    ];
    const applies = (setId: string) => setId !== 'mobile';
    const applicable = applicableRequirementIds(members, applies, new Set(['security']));
    // `shared` is also in ops, which still applies; tls only in the excluded set; app-store's set
    // does not apply to the component at all.
    expect([...applicable].sort()).toEqual(['backup', 'shared']);

    const sides: Record<string, StatusSides> = {
      tls: UNTOUCHED,
      shared: OK,
      backup: OK,
      'app-store': UNTOUCHED,
    };
    const outcomes = [...applicable].map((id) => outcome(id, 'bronze', sides[id]!));
    expect(scoreVersion(outcomes, {}, {})).toMatchObject({ readiness: 100, signOff: 100 });
    expect(levelReached(LADDER, outcomes).reached?.name).toBe('Gold');
  });

  it('rates QA from the test kinds: n/a leaves it, unknown counts as untested', () => {
    expect(
      qaScore({
        unit: { rating: 'high' },
        e2e: { rating: 'med' },
        perf: { rating: 'low' },
        manual: { rating: 'none' },
        upgrade: { rating: 'n/a' },
      }),
    ).toBe(50); // 3 + 2 + 1 + 0 of 4 x 3
    expect(qaScore({ unit: { rating: 'high' }, e2e: { rating: 'unknown' } })).toBe(50);
    expect(qaScore({ unit: { rating: 'n/a' } })).toBeNull();
    expect(qaScore({})).toBeNull();
  });

  it('profile completeness counts empty lists, maps and strings as unfilled', () => {
    expect(isFilled([])).toBe(false);
    expect(isFilled({})).toBe(false);
    expect(isFilled('  ')).toBe(false);
    expect(isFilled(null)).toBe(false);
    expect(isFilled(0)).toBe(true);
    expect(isFilled(false)).toBe(true);
    expect(
      profileCompleteness({
        title: 'Billing',
        description: '',
        tags: [],
        languages: ['go'],
        devLinks: {},
        kloc: 12,
        owner: null,
        links: [{ url: 'https://example.com' }],
      }),
    ).toEqual({ percent: 50, missing: ['description', 'tags', 'devLinks', 'owner'] });
    expect(profileCompleteness({}).percent).toBe(100);
  });
});

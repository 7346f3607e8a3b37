/**
 * What requirements and sign-off mean, as pure functions over current data (PRODUCT 2): the
 * overall status of a (version, requirement) from its two sides, whether an exemption holds at
 * a time, the level a version reaches, and its scores. Nothing here reads the database or the
 * clock: callers pass `now`, so every rule is tested with a fixed instant and every view
 * computes its answer on read instead of storing one that goes stale.
 */
import type { ExemptionState, OverallStatus, OwnerStatus, ReviewerStatus } from './contract.js';

export type { OverallStatus };

/**
 * PRODUCT 2's table. The owner side decides first (unknown and not_ready stand whatever the
 * reviewer said: a sign-off of something not ready means nothing); then the reviewer's answer
 * to ready or n/a.
 */
export function overallStatus(owner: OwnerStatus, reviewer: ReviewerStatus): OverallStatus {
  if (owner === 'unknown' || owner === 'not_ready') return owner;
  if (reviewer === 'rejected') return 'not_approved';
  if (reviewer === 'unknown') return owner === 'ready' ? 'waiting' : 'waiting_na';
  return owner === 'ready' ? 'ok' : 'n/a';
}

/** A requirement counts as met (for levels and the production gate) when ok or n/a. */
export function isMet(overall: OverallStatus): boolean {
  return overall === 'ok' || overall === 'n/a';
}

export interface ExemptionFacts {
  state: ExemptionState;
  expiresAt: Date;
}

/**
 * An exemption waives its requirement while it is approved (not requested, denied or revoked)
 * and `now` is before its expiry: at the expiry instant it no longer holds.
 */
export function exemptionActive(exemption: ExemptionFacts, now: Date): boolean {
  return exemption.state === 'approved' && exemption.expiresAt.getTime() > now.getTime();
}

/** The two sides of one (version, requirement); a requirement nobody has touched is unknown/unknown. */
export interface StatusSides {
  owner: OwnerStatus;
  reviewer: ReviewerStatus;
}

export const UNTOUCHED: StatusSides = { owner: 'unknown', reviewer: 'unknown' };

/**
 * The status a requirement counts with: an active exemption makes it n/a, whatever the two
 * sides say; otherwise the table.
 */
export function effectiveStatus(
  sides: StatusSides,
  exemptions: readonly ExemptionFacts[],
  now: Date,
): { overall: OverallStatus; exempted: boolean } {
  if (exemptions.some((e) => exemptionActive(e, now))) return { overall: 'n/a', exempted: true };
  return { overall: overallStatus(sides.owner, sides.reviewer), exempted: false };
}

/** A requirement's place in a set (a requirement may be in several). */
export interface SetMember {
  setId: string;
  requirementId: string;
}

/**
 * The requirements that apply to a version: those in at least one set that applies to its
 * component (the set's applicability filter) and is not marked not applicable for the version.
 * A requirement also in another, still applicable set keeps counting.
 */
export function applicableRequirementIds(
  members: readonly SetMember[],
  setApplies: (setId: string) => boolean,
  excludedSets: ReadonlySet<string>,
): Set<string> {
  const ids = new Set<string>();
  for (const m of members)
    if (setApplies(m.setId) && !excludedSets.has(m.setId)) ids.add(m.requirementId);
  return ids;
}

/** One applicable requirement of a version as levels and scores see it. */
export interface RequirementOutcome {
  requirementId: string;
  /** Its level on the ladder, or null when it belongs to none (it then counts for scores only). */
  levelId: string | null;
  sides: StatusSides;
  /** effectiveStatus of it. */
  overall: OverallStatus;
  exempted: boolean;
}

export interface Level {
  id: string;
  name: string;
  position: number;
}

export interface LevelProgress<L extends Level = Level> {
  /** The highest level reached, or null when not even the first is. */
  reached: L | null;
  /** The level above it, or null at the top of the ladder. */
  next: L | null;
  /** The requirements of `next` not yet ok or n/a: what it still needs (every lower level is reached). */
  missing: string[];
}

/**
 * Climbs the ladder (by position, then name for a stable order): a level is reached when every
 * applicable requirement of it is ok or n/a and every lower level is reached, so a gap at Bronze
 * holds back Gold even when every Gold requirement is met ("all lower levels first"). A level
 * with no applicable requirement is reached exactly when the ones below it are.
 */
export function levelReached<L extends Level>(
  ladder: readonly L[],
  outcomes: readonly RequirementOutcome[],
): LevelProgress<L> {
  const ordered = [...ladder].sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
  const unmet = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.levelId === null || isMet(o.overall)) continue;
    unmet.set(o.levelId, [...(unmet.get(o.levelId) ?? []), o.requirementId]);
  }
  let reached: L | null = null;
  for (const level of ordered) {
    const missing = unmet.get(level.id);
    if (missing) return { reached, next: level, missing };
    reached = level;
  }
  return { reached, next: null, missing: [] };
}

/** A QA fact of a version (src/catalog/schema.ts componentVersions.qa). */
export type QaRating = 'unknown' | 'n/a' | 'none' | 'low' | 'med' | 'high';

const QA_POINTS: Record<Exclude<QaRating, 'n/a'>, number> = {
  unknown: 0,
  none: 0,
  low: 1,
  med: 2,
  high: 3,
};
const QA_MAX = 3;

export interface Scores {
  /**
   * Owner side ready or n/a (or exempted) over applicable requirements; 100 when none apply
   * (nothing asked, as a level without applicable requirements is reached).
   */
  readiness: number;
  /** Approved (or exempted: a reviewer approved the waiver) over applicable; a missing sign-off is not signed. */
  signOff: number;
  /** QA facts: none 0, low 1, med 2, high 3 out of 3 per test kind; n/a kinds leave it; null when every kind is n/a or none is given. */
  qa: number | null;
  /** Share of profile fields filled (profileCompleteness). */
  completeness: number;
}

/**
 * A whole percent, rounded down: 99.6% of the requirements ready is not 100%, which would read
 * as nothing left to do.
 */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((part * 100) / whole);
}

export function readinessScore(outcomes: readonly RequirementOutcome[]): number {
  const ready = outcomes.filter(
    (o) => o.exempted || o.sides.owner === 'ready' || o.sides.owner === 'n/a',
  );
  return percent(ready.length, outcomes.length) ?? 100;
}

export function signOffScore(outcomes: readonly RequirementOutcome[]): number {
  const signed = outcomes.filter((o) => o.exempted || o.sides.reviewer === 'approved');
  return percent(signed.length, outcomes.length) ?? 100;
}

/**
 * A test kind rated `unknown` counts as untested (0), as a missing sign-off counts as unsigned;
 * only `n/a` leaves the score.
 */
export function qaScore(
  qa: Readonly<Record<string, { rating: QaRating } | undefined>>,
): number | null {
  let points = 0;
  let kinds = 0;
  for (const fact of Object.values(qa)) {
    if (!fact || fact.rating === 'n/a') continue;
    points += QA_POINTS[fact.rating] ?? 0;
    kinds += 1;
  }
  return percent(points, kinds * QA_MAX);
}

/** A field of a profile: filled when it holds something (an empty list, map or string does not). */
export function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** The profile fields of a component and its version, by the names the view reports as missing. */
export type Profile = Readonly<Record<string, unknown>>;

/**
 * The share of `profile`'s fields that are filled (isFilled), and which are not, in the order
 * given. An empty profile is complete (nothing asked).
 */
export function profileCompleteness(profile: Profile): { percent: number; missing: string[] } {
  const names = Object.keys(profile);
  const missing = names.filter((name) => !isFilled(profile[name]));
  return { percent: percent(names.length - missing.length, names.length) ?? 100, missing };
}

/**
 * The scores of one version from its applicable requirements (sets not applicable to it, or
 * marked not applicable for it, already left out), its QA facts and its profile.
 */
export function scoreVersion(
  outcomes: readonly RequirementOutcome[],
  qa: Readonly<Record<string, { rating: QaRating } | undefined>>,
  profile: Profile,
): Scores {
  return {
    readiness: readinessScore(outcomes),
    signOff: signOffScore(outcomes),
    qa: qaScore(qa),
    completeness: profileCompleteness(profile).percent,
  };
}

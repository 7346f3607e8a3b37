/**
 * Where component versions stand: the facts of many versions read in a handful of queries
 * (never one a row), then each version's applicable requirements, effective statuses, level and
 * scores computed in one pass with derive.ts. Every read view goes through here, so the status
 * page, the dashboard, the scorecard and the DSL fields agree.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../platform/db.js';
import { applyingSetsByComponent } from './applicability.js';
import type { LevelProgress, Scores } from './contract.js';
import {
  applicableRequirementIds,
  effectiveStatus,
  levelReached,
  type RequirementOutcome,
  type StatusSides,
  scoreVersion,
  UNTOUCHED,
} from './derive.js';
import { briefOf, levelRefOf, type RequirementModel } from './model.js';
import { loadProfileRows, type ProfileRows, profileOf, qaOf } from './profile.js';
import { requirementExemptions, requirementSetExclusions, requirementStatuses } from './schema.js';

/** A component and the version of it to assess (null: it has none, so nothing is set yet). */
export interface Target {
  componentId: string;
  versionId: string | null;
}

export type StatusRow = typeof requirementStatuses.$inferSelect;
export type ExclusionRow = typeof requirementSetExclusions.$inferSelect;
export type ExemptionRow = typeof requirementExemptions.$inferSelect;

export interface Facts {
  /** Per component, the sets whose applicability selects it. */
  applying: Map<string, Set<string>>;
  /** Per version, the two sides of each requirement that has a status row. */
  statuses: Map<string, Map<string, StatusSides>>;
  /** Per version, its set exclusions by set. */
  exclusions: Map<string, Map<string, ExclusionRow>>;
  /** Per component, its exemptions still in play (requested or approved), oldest first. */
  exemptions: Map<string, ExemptionRow[]>;
  /** Rows for profiles and QA, when scores were asked for. */
  profiles?: ProfileRows;
}

const uuids = (ids: Iterable<string>) => sql`${sql.param([...new Set(ids)])}::uuid[]`;

function group<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

interface PackedSides {
  version_id: string;
  sides: string;
}

// Separators no id or status holds: one text a version instead of a row a requirement, since
// on the embedded engine handing rows to JavaScript costs far more than finding them.
export const UNIT = '\u001f';
export const RECORD = '\u001e';

/** The two sides of every status of these versions, packed into one text per version. */
function packedSides(db: Db, versionIds: readonly string[]): Promise<PackedSides[]> {
  return queryRows<PackedSides>(
    db,
    sql`SELECT version_id,
          string_agg(requirement_id::text || chr(31) || owner_status::text || chr(31) || reviewer_status::text, chr(30)) AS sides
        FROM ${requirementStatuses}
        WHERE version_id = ANY(${uuids(versionIds)})
        GROUP BY version_id`,
  );
}

function unpackSides(packed: string): Map<string, StatusSides> {
  const sides = new Map<string, StatusSides>();
  for (const record of packed.split(RECORD)) {
    const [requirementId, owner, reviewer] = record.split(UNIT);
    sides.set(requirementId!, {
      owner: owner as StatusSides['owner'],
      reviewer: reviewer as StatusSides['reviewer'],
    });
  }
  return sides;
}

export async function loadFacts(
  db: Db,
  model: RequirementModel,
  targets: readonly Target[],
  options: { scores?: boolean } = {},
): Promise<Facts> {
  const componentIds = [...new Set(targets.map((t) => t.componentId))];
  const versionIds = targets.flatMap((t) => (t.versionId ? [t.versionId] : []));
  const none = Promise.resolve([]);
  const [applying, statusRows, exclusionRows, exemptionRows, profiles] = await Promise.all([
    applyingSetsByComponent(db, model.sets, componentIds),
    versionIds.length ? packedSides(db, versionIds) : none,
    versionIds.length
      ? db
          .select()
          .from(requirementSetExclusions)
          .where(sql`${requirementSetExclusions.versionId} = ANY(${uuids(versionIds)})`)
      : none,
    componentIds.length
      ? db
          .select()
          .from(requirementExemptions)
          .where(
            sql`${requirementExemptions.componentId} = ANY(${uuids(componentIds)})
                AND ${requirementExemptions.state} IN ('requested', 'approved')`,
          )
          .orderBy(requirementExemptions.requestedAt)
      : none,
    options.scores ? loadProfileRows(db, componentIds, versionIds) : undefined,
  ]);
  const statuses = new Map<string, Map<string, StatusSides>>();
  for (const row of statusRows as PackedSides[])
    statuses.set(row.version_id, unpackSides(row.sides));
  const exclusions = new Map<string, Map<string, ExclusionRow>>();
  for (const [versionId, rows] of group(exclusionRows as ExclusionRow[], (r) => r.versionId))
    exclusions.set(versionId, new Map(rows.map((r) => [r.setId, r])));
  return {
    applying,
    statuses,
    exclusions,
    exemptions: group(exemptionRows as ExemptionRow[], (r) => r.componentId),
    profiles,
  };
}

export interface Assessment {
  /** Sets that apply to the component and are not excluded for the version, in display order. */
  applicableSets: string[];
  /** Applicable requirements, each once, by id. */
  outcomes: Map<string, RequirementOutcome>;
  level: LevelProgress;
  /** With loadFacts({ scores: true }) only. */
  scores?: Scores;
}

/** The exemptions of a component for one requirement. */
export function exemptionsFor(
  facts: Facts,
  componentId: string,
  requirementId: string,
): ExemptionRow[] {
  return (facts.exemptions.get(componentId) ?? []).filter((e) => e.requirementId === requirementId);
}

export function assess(
  model: RequirementModel,
  facts: Facts,
  target: Target,
  now: Date,
): Assessment {
  const applying = facts.applying.get(target.componentId) ?? new Set<string>();
  const excluded = target.versionId ? facts.exclusions.get(target.versionId) : undefined;
  const excludedIds = new Set(excluded?.keys() ?? []);
  const applicableSets = model.sets
    .filter((s) => applying.has(s.id) && !excludedIds.has(s.id))
    .map((s) => s.id);
  const members = model.sets.flatMap((s) =>
    s.requirementIds.map((requirementId) => ({ setId: s.id, requirementId })),
  );
  const statuses = target.versionId ? facts.statuses.get(target.versionId) : undefined;
  const outcomes = new Map<string, RequirementOutcome>();
  for (const id of applicableRequirementIds(members, (s) => applying.has(s), excludedIds)) {
    const requirement = model.requirementById.get(id);
    if (!requirement) continue;
    const sides = statuses?.get(id) ?? UNTOUCHED;
    const { overall, exempted } = effectiveStatus(
      sides,
      exemptionsFor(facts, target.componentId, id),
      now,
    );
    outcomes.set(id, { requirementId: id, levelId: requirement.levelId, sides, overall, exempted });
  }
  const progress = levelReached(model.ladder, [...outcomes.values()]);
  const applicable = new Set(applicableSets);
  const level: LevelProgress = {
    reached: progress.reached ? levelRefOf(progress.reached) : null,
    next: progress.next ? levelRefOf(progress.next) : null,
    missing: progress.missing.map((id) => {
      const requirement = model.requirementById.get(id)!;
      const setId = requirement.setIds.find((s) => applicable.has(s));
      return {
        requirement: briefOf(requirement),
        set: setId ? (model.setById.get(setId)?.name ?? '') : '',
        effective: outcomes.get(id)!.overall,
      };
    }),
  };
  const assessment: Assessment = { applicableSets, outcomes, level };
  const component = facts.profiles?.components.get(target.componentId);
  if (facts.profiles && component) {
    const list = [...outcomes.values()];
    const version = target.versionId ? facts.profiles.versions.get(target.versionId) : undefined;
    const roles =
      (target.versionId && facts.profiles.roles.get(target.versionId)) || new Set<string>();
    const profile = profileOf(component, version, roles);
    assessment.scores = { applicable: list.length, ...scoreVersion(list, qaOf(version), profile) };
  }
  return assessment;
}

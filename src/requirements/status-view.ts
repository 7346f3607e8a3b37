/**
 * A component version's requirements as its page shows them (GET V/requirements): the sets that
 * apply to the component in display order, each requirement with both sides (who set them and
 * when), the derived and effective status, its exemption, the set's exclusion, the level reached
 * and the scores, and what the asking person may do. Also one requirement alone (the dashboard's
 * popover, and the answer of every status write).
 */
import { eq } from 'drizzle-orm';
import type { ComponentRow } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import { componentVersions } from '../catalog/schema.js';
import { latestVersion } from '../catalog/semver.js';
import type { Actor } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import {
  type Assessment,
  assess,
  type ExemptionRow,
  exemptionsFor,
  type Facts,
  loadFacts,
  type StatusRow,
} from './assess.js';
import type {
  PersonRef,
  RequirementState,
  SetExclusion,
  VersionRequirements,
  VersionSet,
} from './contract.js';
import { exemptionActive, overallStatus } from './derive.js';
import { presentExemption } from './exemption-view.js';
import {
  personRefs,
  requireComponentAt,
  requireRequirement,
  requireVersionOf,
  type VersionRow,
} from './lookup.js';
import { briefOf, loadRequirementModel, type RequirementModel } from './model.js';
import { lastSignOffResets, type SignOffReset } from './resets.js';
import { ownerStanding, reviewedSetIds } from './rights.js';
import { requirementStatuses } from './schema.js';

export interface VersionKey {
  namespace: string;
  name: string;
  version: string;
}

/** What the asking person may do on this version, from the same checks the writes make. */
interface Rights {
  owner: boolean;
  /** Sets whose requirements the person signs off (their teams review them, or they are an admin). */
  reviews: (setId: string) => boolean;
}

async function rightsOn(
  db: Db,
  actor: Actor | null,
  component: ComponentRow,
  versionId: string,
): Promise<Rights> {
  if (!actor) return { owner: false, reviews: () => false };
  const [owner, reviewed] = await Promise.all([
    ownerStanding(db, actor, component, [versionId]),
    actor.isAdmin ? Promise.resolve(new Set<string>()) : reviewedSetIds(db, actor),
  ]);
  return {
    owner: owner !== 'none',
    reviews: (setId) => actor.isAdmin || reviewed.has(setId),
  };
}

/** Everything one version's answers are built from, read once. */
interface VersionContext {
  model: RequirementModel;
  component: ComponentRow;
  version: VersionRow;
  facts: Facts;
  /** The version's status rows in full (notes, who and when), by requirement. */
  statuses: Map<string, StatusRow>;
  assessment: Assessment;
  rights: Rights;
  people: Map<string, PersonRef>;
  resets: Map<string, SignOffReset>;
  now: Date;
}

async function loadVersionContext(
  db: Db,
  key: VersionKey,
  actor: Actor | null,
  now: Date,
  known: RequirementModel | undefined,
): Promise<VersionContext> {
  const component = await requireComponentAt(db, key);
  const version = await requireVersionOf(db, component, key.version);
  const target = { componentId: component.id, versionId: version.id };
  const model = known ?? (await loadRequirementModel(db));
  const [facts, rights, statusRows] = await Promise.all([
    loadFacts(db, model, [target], { scores: true }),
    rightsOn(db, actor, component, version.id),
    db.select().from(requirementStatuses).where(eq(requirementStatuses.versionId, version.id)),
  ]);
  const exemptions = facts.exemptions.get(component.id) ?? [];
  const exclusions = [...(facts.exclusions.get(version.id)?.values() ?? [])];
  const [people, resets] = await Promise.all([
    personRefs(db, [
      ...statusRows.flatMap((s) => [s.ownerSetBy, s.reviewerSetBy]),
      ...exemptions.flatMap((e) => [e.requestedBy, e.decidedBy]),
      ...exclusions.map((x) => x.setBy),
    ]),
    lastSignOffResets(
      db,
      statusRows.filter((s) => s.reviewerStatus === 'unknown').map((s) => s.id),
    ),
  ]);
  // Resets name their actor by id too; a second read only when one is not known yet.
  const unknown = [...resets.values()].map((r) => r.byId).filter((id) => id && !people.has(id));
  for (const [id, ref] of await personRefs(db, unknown)) people.set(id, ref);
  return {
    model,
    component,
    version,
    facts,
    statuses: new Map(statusRows.map((r) => [r.requirementId, r])),
    assessment: assess(model, facts, target, now),
    rights,
    people,
    resets,
    now,
  };
}

const person = (c: VersionContext, id: string | null) => (id ? (c.people.get(id) ?? null) : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The exemption a requirement's card shows: the one in force, else the newest request waiting
 * for a decision; an approved one past its expiry is history.
 */
function shownExemption(c: VersionContext, requirementId: string): ExemptionRow | undefined {
  const rows = exemptionsFor(c.facts, c.component.id, requirementId);
  return (
    rows.find((e) => exemptionActive(e, c.now)) ??
    rows.filter((e) => e.state === 'requested').at(-1)
  );
}

function presentState(c: VersionContext, requirementId: string): RequirementState {
  const requirement = c.model.requirementById.get(requirementId)!;
  const row = c.statuses.get(requirementId);
  const owner = row?.ownerStatus ?? 'unknown';
  const reviewer = row?.reviewerStatus ?? 'unknown';
  const overall = overallStatus(owner, reviewer);
  const exemption = shownExemption(c, requirementId);
  const active = exemption !== undefined && exemptionActive(exemption, c.now);
  // Reviewers of any set holding it that applies to the component.
  const applying = c.facts.applying.get(c.component.id) ?? new Set<string>();
  const reviews = requirement.setIds.some((s) => applying.has(s) && c.rights.reviews(s));
  const reset = row ? c.resets.get(row.id) : undefined;
  return {
    component: formatComponentRef(c.component),
    version: c.version.version,
    requirement: { ...briefOf(requirement), description: requirement.description },
    owner: {
      status: owner,
      notes: row?.ownerNotes ?? '',
      setBy: person(c, row?.ownerSetBy ?? null),
      setAt: iso(row?.ownerSetAt ?? null),
    },
    reviewer: {
      status: reviewer,
      notes: row?.reviewerNotes ?? '',
      setBy: person(c, row?.reviewerSetBy ?? null),
      setAt: iso(row?.reviewerSetAt ?? null),
      reset:
        reset && reviewer === 'unknown'
          ? { at: reset.at.toISOString(), by: person(c, reset.byId), reason: reset.reason }
          : null,
    },
    overall,
    effective: active ? 'n/a' : overall,
    exemption: exemption
      ? presentExemption(exemption, {
          component: formatComponentRef(c.component),
          requirementTitle: requirement.title,
          people: c.people,
          reviews,
          now: c.now,
        })
      : null,
    may: { owner: c.rights.owner, review: reviews },
  };
}

function presentExclusion(c: VersionContext, setId: string): SetExclusion | null {
  const x = c.facts.exclusions.get(c.version.id)?.get(setId);
  if (!x) return null;
  return {
    component: formatComponentRef(c.component),
    version: c.version.version,
    set: { id: setId, name: c.model.setById.get(setId)?.name ?? '' },
    reason: x.reason,
    setBy: person(c, x.setBy),
    setAt: x.setAt.toISOString(),
  };
}

async function isLatest(db: Db, component: ComponentRow, version: string): Promise<boolean> {
  const rows = await db
    .select({ version: componentVersions.version })
    .from(componentVersions)
    .where(eq(componentVersions.componentId, component.id));
  return latestVersion(rows.map((r) => r.version)) === version;
}

/** GET V/requirements. */
export async function versionRequirements(
  db: Db,
  key: VersionKey,
  actor: Actor | null,
  now: Date,
  model?: RequirementModel,
): Promise<VersionRequirements> {
  const c = await loadVersionContext(db, key, actor, now, model);
  const applying = c.facts.applying.get(c.component.id) ?? new Set<string>();
  const sets: VersionSet[] = c.model.sets
    .filter((s) => applying.has(s.id))
    .map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      docLink: s.docLink,
      position: s.position,
      reviewerTeams: s.reviewerTeams,
      exclusion: presentExclusion(c, s.id),
      may: { exclude: c.rights.owner, review: c.rights.reviews(s.id) },
      requirements: s.requirementIds.map((id) => presentState(c, id)),
    }));
  return {
    component: formatComponentRef(c.component),
    version: c.version.version,
    latest: await isLatest(db, c.component, c.version.version),
    sets,
    level: c.assessment.level,
    scores: c.assessment.scores!,
    may: { owner: c.rights.owner },
  };
}

/** GET V/requirements/:requirement: one requirement on one version, wherever it applies. */
export async function requirementState(
  db: Db,
  key: VersionKey,
  requirementKey: string,
  actor: Actor | null,
  now: Date,
  model?: RequirementModel,
): Promise<RequirementState> {
  const requirement = await requireRequirement(db, requirementKey);
  const c = await loadVersionContext(db, key, actor, now, model);
  return presentState(c, requirement.id);
}

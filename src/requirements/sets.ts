import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { teams } from '../catalog/schema.js';
import { findTeam } from '../catalog/teams.js';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Conflict, Invalid } from '../platform/errors.js';
import { lockScope, type Work } from '../platform/unit-of-work.js';
import { applicabilityProblem, normalizeApplicability } from './applicability.js';
import {
  REQUIREMENT_EVENTS,
  type RequirementBrief,
  type RequirementSet,
  type SetCreate,
  type SetPatch,
} from './contract.js';
import { RequirementErrors } from './errors.js';
import { findSet, requireSet, type SetRow } from './lookup.js';
import { completeOrder, moveTo, writeOrder } from './order.js';
import { requireRequirementsAdmin } from './rights.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirements,
} from './schema.js';

/**
 * Requirement sets (PRODUCT 2): name, description, documentation link, the reviewer teams whose
 * members sign off, display order and the applicability filter. Admins define them; which
 * requirements a set holds is said on each requirement (requirements.ts).
 */

const ENTITY = 'requirement_set';
export const setRef = (name: string) => `requirement-set:${name}`;
const SCOPE = 'requirement-sets';

async function ordered(db: Db): Promise<SetRow[]> {
  return db
    .select()
    .from(requirementSets)
    .orderBy(asc(requirementSets.position), asc(requirementSets.name));
}

/** Sets with their reviewer teams and requirements, in the order of `rows`. */
export async function presentSets(db: Db, rows: readonly SetRow[]): Promise<RequirementSet[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One after the other: inside a write's transaction there is one connection.
  const reviewers = await db
    .select({ setId: requirementSetReviewers.setId, name: teams.name })
    .from(requirementSetReviewers)
    .innerJoin(teams, eq(teams.id, requirementSetReviewers.teamId))
    .where(inArray(requirementSetReviewers.setId, ids))
    .orderBy(asc(teams.name));
  const members = await db
    .select({
      setId: requirementSetMembers.setId,
      id: requirements.id,
      title: requirements.title,
      mandatory: requirements.mandatory,
      level: requirementLevels.name,
    })
    .from(requirementSetMembers)
    .innerJoin(requirements, eq(requirements.id, requirementSetMembers.requirementId))
    .leftJoin(requirementLevels, eq(requirementLevels.id, requirements.levelId))
    .where(inArray(requirementSetMembers.setId, ids))
    .orderBy(asc(requirementSetMembers.position), asc(requirements.title));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    docLink: row.docLink,
    position: row.position,
    applicability: row.applicability,
    reviewerTeams: reviewers.filter((r) => r.setId === row.id).map((r) => r.name),
    requirements: members
      .filter((m) => m.setId === row.id)
      .map(({ setId: _s, ...brief }): RequirementBrief => brief),
  }));
}

export async function listSets(db: Db): Promise<RequirementSet[]> {
  return presentSets(db, await ordered(db));
}

export async function getSet(db: Db, key: string): Promise<RequirementSet> {
  const [set] = await presentSets(db, [await requireSet(db, key)]);
  return set!;
}

async function requireFreeName(db: Db, name: string, self?: string): Promise<void> {
  const other = await findSet(db, name);
  if (other && other.id !== self && other.name.toLowerCase() === name.toLowerCase())
    throw Invalid.field(
      RequirementErrors.duplicate,
      'name',
      `there is a set "${other.name}" already`,
    );
}

/** The applicability as stored: null for every component; a filter that does not compile is a 400. */
function checkedApplicability(text: string | null | undefined): string | null {
  const applicability = normalizeApplicability(text);
  const problem = applicability === null ? null : applicabilityProblem(applicability);
  if (problem) throw Invalid.field(RequirementErrors.invalid, 'applicability', problem);
  return applicability;
}

/** The teams named, locked so they stay while the write holds them; an unknown one is a 400. */
async function resolveReviewers(
  db: Db,
  names: readonly string[],
): Promise<{ id: string; name: string }[]> {
  const found = new Map<string, { id: string; name: string }>();
  for (const [i, text] of names.entries()) {
    const name = text.trim().replace(/^group:(default\/)?/i, '');
    const team = await findTeam(db, name, 'share');
    if (!team)
      throw Invalid.field(
        RequirementErrors.unknownReference,
        `reviewerTeams[${i}]`,
        `no team "${text}"`,
      );
    found.set(team.id, { id: team.id, name: team.name });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function reviewerNames(db: Db, setId: string): Promise<string[]> {
  const rows = await db
    .select({ name: teams.name })
    .from(requirementSetReviewers)
    .innerJoin(teams, eq(teams.id, requirementSetReviewers.teamId))
    .where(eq(requirementSetReviewers.setId, setId))
    .orderBy(asc(teams.name));
  return rows.map((r) => r.name);
}

async function replaceReviewers(
  db: Db,
  setId: string,
  reviewers: readonly { id: string }[],
): Promise<void> {
  await db.delete(requirementSetReviewers).where(eq(requirementSetReviewers.setId, setId));
  if (reviewers.length > 0)
    await db
      .insert(requirementSetReviewers)
      .values(reviewers.map((t) => ({ setId, teamId: t.id })));
}

function auditable(row: SetRow, reviewerTeams: readonly string[]): Record<string, unknown> {
  return {
    name: row.name,
    description: row.description,
    docLink: row.docLink,
    applicability: row.applicability,
    reviewerTeams,
  };
}

export async function createSet(
  work: Work,
  ctx: RequestContext,
  input: SetCreate,
): Promise<RequirementSet> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'define requirement sets');
  const applicability = checkedApplicability(input.applicability);
  await lockScope(tx, SCOPE);
  await requireFreeName(tx, input.name);
  const reviewers = await resolveReviewers(tx, input.reviewerTeams ?? []);
  const rows = await ordered(tx);
  const id = randomUUID();
  const order = moveTo(
    rows.map((r) => r.id),
    id,
    input.position,
  );
  const row: SetRow = {
    id,
    name: input.name,
    description: input.description ?? '',
    docLink: input.docLink ?? '',
    position: order.indexOf(id),
    applicability,
  };
  await tx.insert(requirementSets).values(row);
  await replaceReviewers(tx, id, reviewers);
  await writeOrder(tx, ctx, requirementSets, ENTITY, setRef, rows, order);
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: id,
    entityRef: setRef(row.name),
    action: 'create',
    after: {
      ...auditable(
        row,
        reviewers.map((t) => t.name),
      ),
      position: row.position,
    },
  });
  work.emit(REQUIREMENT_EVENTS.set, id, 'create');
  return getSet(tx, id);
}

export async function updateSet(
  work: Work,
  ctx: RequestContext,
  key: string,
  patch: SetPatch,
): Promise<RequirementSet> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'change requirement sets');
  const applicability =
    patch.applicability === undefined ? undefined : checkedApplicability(patch.applicability);
  await lockScope(tx, SCOPE);
  const row = await requireSet(tx, key, undefined, 'update');
  if (patch.name !== undefined) await requireFreeName(tx, patch.name, row.id);
  const reviewers = patch.reviewerTeams
    ? await resolveReviewers(tx, patch.reviewerTeams)
    : undefined;
  const before = auditable(row, await reviewerNames(tx, row.id));
  const next: SetRow = {
    ...row,
    name: patch.name ?? row.name,
    description: patch.description ?? row.description,
    docLink: patch.docLink ?? row.docLink,
    applicability: applicability === undefined ? row.applicability : applicability,
  };
  const { id: _id, position: _p, ...fields } = next;
  await tx.update(requirementSets).set(fields).where(eq(requirementSets.id, row.id));
  if (reviewers) await replaceReviewers(tx, row.id, reviewers);
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: setRef(next.name),
    action: 'update',
    before,
    after: auditable(
      next,
      reviewers ? reviewers.map((t) => t.name) : (before.reviewerTeams as string[]),
    ),
  });
  if (patch.position !== undefined) {
    const rows = (await ordered(tx)).map((r) => (r.id === row.id ? next : r));
    await writeOrder(
      tx,
      ctx,
      requirementSets,
      ENTITY,
      setRef,
      rows,
      moveTo(
        rows.map((r) => r.id),
        row.id,
        patch.position,
      ),
    );
  }
  work.emit(REQUIREMENT_EVENTS.set, row.id, 'update');
  return getSet(tx, row.id);
}

/** Every set in a new display order: each named once. */
export async function orderSets(
  work: Work,
  ctx: RequestContext,
  keys: readonly string[],
): Promise<RequirementSet[]> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'reorder requirement sets');
  await lockScope(tx, SCOPE);
  const rows = await ordered(tx);
  const order = completeOrder(rows, keys, 'sets', 'set');
  await writeOrder(tx, ctx, requirementSets, ENTITY, setRef, rows, order);
  for (const id of order) work.emit(REQUIREMENT_EVENTS.set, id, 'update');
  return listSets(tx);
}

/**
 * Deletes a set, with its exclusions. Refused (409) while it holds a requirement that is in no
 * other set: every requirement belongs to a set.
 */
export async function deleteSet(work: Work, ctx: RequestContext, key: string): Promise<void> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'delete requirement sets');
  await lockScope(tx, SCOPE);
  const row = await requireSet(tx, key, undefined, 'update');
  const orphans = await queryRows<{ title: string }>(
    tx,
    sql`SELECT r.title FROM ${requirementSetMembers} m
      JOIN ${requirements} r ON r.id = m.requirement_id
      WHERE m.set_id = ${row.id} AND NOT EXISTS (
        SELECT 1 FROM ${requirementSetMembers} o
        WHERE o.requirement_id = m.requirement_id AND o.set_id <> ${row.id})
      ORDER BY r.title`,
  );
  if (orphans.length > 0)
    throw new Conflict(
      RequirementErrors.inUse,
      `set "${row.name}" is the only set of ${orphans.length} requirement${orphans.length === 1 ? '' : 's'} (${orphans
        .slice(0, 5)
        .map((o) => `"${o.title}"`)
        .join(
          ', ',
        )}${orphans.length > 5 ? ', ...' : ''}): put them in another set or delete them first`,
    );
  const before = auditable(row, await reviewerNames(tx, row.id));
  await tx.delete(requirementSets).where(eq(requirementSets.id, row.id));
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: setRef(row.name),
    action: 'delete',
    before: { ...before, position: row.position },
  });
  const rest = await ordered(tx);
  await writeOrder(
    tx,
    ctx,
    requirementSets,
    ENTITY,
    setRef,
    rest,
    rest.map((r) => r.id),
  );
  work.emit(REQUIREMENT_EVENTS.set, row.id, 'delete');
}

import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import type { Work } from '../platform/unit-of-work.js';
import {
  REQUIREMENT_EVENTS,
  type Requirement,
  type RequirementCreate,
  type RequirementPatch,
} from './contract.js';
import { RequirementErrors } from './errors.js';
import {
  findRequirement,
  type RequirementRow,
  requireLevel,
  requireRequirement,
  requireSet,
} from './lookup.js';
import { moveTo } from './order.js';
import { requireRequirementsAdmin } from './rights.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSets,
  requirements,
} from './schema.js';

/**
 * Requirements (PRODUCT 2): title, Markdown description, mandatory-for-production flag, level,
 * and the sets that hold them, each at a position. Every requirement is in at least one set
 * (the contract refuses an empty `sets`). Admins define them.
 */

const ENTITY = 'requirement';
export const requirementRef = (title: string) => `requirement:${title}`;

type Membership = { set: string; position?: number | undefined };

/** Requirements with their level's name and their sets, in the order of `rows`. */
export async function presentRequirements(
  db: Db,
  rows: readonly RequirementRow[],
): Promise<Requirement[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One after the other: inside a write's transaction there is one connection.
  const levels = await db
    .select({ id: requirementLevels.id, name: requirementLevels.name })
    .from(requirementLevels);
  const members = await db
    .select({
      requirementId: requirementSetMembers.requirementId,
      id: requirementSets.id,
      name: requirementSets.name,
      position: requirementSetMembers.position,
    })
    .from(requirementSetMembers)
    .innerJoin(requirementSets, eq(requirementSets.id, requirementSetMembers.setId))
    .where(inArray(requirementSetMembers.requirementId, ids))
    .orderBy(asc(requirementSets.position), asc(requirementSets.name));
  const levelName = new Map(levels.map((l) => [l.id, l.name]));
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    description: row.description,
    mandatory: row.mandatory,
    level: row.levelId ? (levelName.get(row.levelId) ?? null) : null,
    sets: members
      .filter((m) => m.requirementId === row.id)
      .map(({ requirementId: _r, ...set }) => set),
  }));
}

/** Every requirement by title, or one set's in the set's order. */
export async function listRequirements(
  db: Db,
  query: { set?: string | undefined },
): Promise<Requirement[]> {
  if (query.set === undefined) {
    return presentRequirements(
      db,
      await db.select().from(requirements).orderBy(asc(requirements.title)),
    );
  }
  const set = await requireSet(db, query.set, 'set');
  const rows = await db
    .select({ requirement: requirements })
    .from(requirementSetMembers)
    .innerJoin(requirements, eq(requirements.id, requirementSetMembers.requirementId))
    .where(eq(requirementSetMembers.setId, set.id))
    .orderBy(asc(requirementSetMembers.position), asc(requirements.title));
  return presentRequirements(
    db,
    rows.map((r) => r.requirement),
  );
}

export async function getRequirement(db: Db, key: string): Promise<Requirement> {
  const [requirement] = await presentRequirements(db, [await requireRequirement(db, key)]);
  return requirement!;
}

async function requireFreeTitle(db: Db, title: string, self?: string): Promise<void> {
  const other = await findRequirement(db, title);
  if (other && other.id !== self && other.title.toLowerCase() === title.toLowerCase())
    throw Invalid.field(
      RequirementErrors.duplicate,
      'title',
      `there is a requirement "${other.title}" already`,
    );
}

/** The level named (locked FOR SHARE so it is not deleted under the write), or null for none. */
async function resolveLevel(
  db: Db,
  name: string | null,
): Promise<{ id: string; name: string } | null> {
  if (name === null) return null;
  const level = await requireLevel(db, name, 'level', 'share');
  return { id: level.id, name: level.name };
}

interface ResolvedMembership {
  setId: string;
  name: string;
  position: number | undefined;
}

async function resolveSets(
  db: Db,
  memberships: readonly Membership[],
): Promise<ResolvedMembership[]> {
  const resolved: ResolvedMembership[] = [];
  for (const [i, m] of memberships.entries()) {
    const set = await requireSet(db, m.set, `sets[${i}].set`, 'share');
    if (resolved.some((r) => r.setId === set.id))
      throw Invalid.field(
        RequirementErrors.invalid,
        `sets[${i}].set`,
        `set "${set.name}" is named twice`,
      );
    resolved.push({ setId: set.id, name: set.name, position: m.position });
  }
  return resolved;
}

/**
 * Puts the requirement at `position` in the set (kept where it is, or last, when undefined) and
 * numbers the set's requirements 0, 1, 2 ... again.
 */
async function placeInSet(
  db: Db,
  setId: string,
  requirementId: string,
  position: number | undefined,
): Promise<void> {
  const rows = await db
    .select({
      requirementId: requirementSetMembers.requirementId,
      position: requirementSetMembers.position,
    })
    .from(requirementSetMembers)
    .where(eq(requirementSetMembers.setId, setId))
    .orderBy(asc(requirementSetMembers.position))
    .for('update');
  const current = new Map(rows.map((r) => [r.requirementId, r.position]));
  if (!current.has(requirementId))
    await db.insert(requirementSetMembers).values({ setId, requirementId, position: rows.length });
  else if (position === undefined) return;
  const order = moveTo(
    rows.map((r) => r.requirementId),
    requirementId,
    position,
  );
  for (const [index, id] of order.entries()) {
    if (current.get(id) === index) continue;
    await db
      .update(requirementSetMembers)
      .set({ position: index })
      .where(
        sql`${requirementSetMembers.setId} = ${setId} AND ${requirementSetMembers.requirementId} = ${id}`,
      );
  }
}

/** The sets of a requirement as history records them: names in display order with positions. */
async function membershipsOf(
  db: Db,
  requirementId: string,
): Promise<{ set: string; position: number }[]> {
  const rows = await db
    .select({ set: requirementSets.name, position: requirementSetMembers.position })
    .from(requirementSetMembers)
    .innerJoin(requirementSets, eq(requirementSets.id, requirementSetMembers.setId))
    .where(eq(requirementSetMembers.requirementId, requirementId))
    .orderBy(asc(requirementSets.position), asc(requirementSets.name));
  return rows;
}

export async function createRequirement(
  work: Work,
  ctx: RequestContext,
  input: RequirementCreate,
): Promise<Requirement> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'define requirements');
  await requireFreeTitle(tx, input.title);
  const level = await resolveLevel(tx, input.level ?? null);
  const sets = await resolveSets(tx, input.sets);
  const row: RequirementRow = {
    id: randomUUID(),
    title: input.title,
    description: input.description ?? '',
    mandatory: input.mandatory ?? false,
    levelId: level?.id ?? null,
  };
  await tx.insert(requirements).values(row);
  for (const set of sets) await placeInSet(tx, set.setId, row.id, set.position);
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: requirementRef(row.title),
    action: 'create',
    after: {
      title: row.title,
      description: row.description,
      mandatory: row.mandatory,
      level: level?.name ?? null,
      sets: await membershipsOf(tx, row.id),
    },
  });
  work.emit(REQUIREMENT_EVENTS.requirement, row.id, 'create');
  for (const set of sets) work.emit(REQUIREMENT_EVENTS.set, set.setId, 'update');
  return getRequirement(tx, row.id);
}

export async function updateRequirement(
  work: Work,
  ctx: RequestContext,
  key: string,
  patch: RequirementPatch,
): Promise<Requirement> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'change requirements');
  const row = await requireRequirement(tx, key, undefined, 'update');
  if (patch.title !== undefined) await requireFreeTitle(tx, patch.title, row.id);
  const level = patch.level === undefined ? undefined : await resolveLevel(tx, patch.level);
  const sets = patch.sets ? await resolveSets(tx, patch.sets) : undefined;
  const [before] = await presentRequirements(tx, [row]);
  const beforeSets = await membershipsOf(tx, row.id);
  const next: RequirementRow = {
    ...row,
    title: patch.title ?? row.title,
    description: patch.description ?? row.description,
    mandatory: patch.mandatory ?? row.mandatory,
    levelId: level === undefined ? row.levelId : (level?.id ?? null),
  };
  const { id: _id, ...fields } = next;
  await tx.update(requirements).set(fields).where(eq(requirements.id, row.id));
  const touchedSets = new Set<string>();
  if (sets) {
    const keep = new Set(sets.map((s) => s.setId));
    const gone = before!.sets.filter((s) => !keep.has(s.id)).map((s) => s.id);
    if (gone.length > 0)
      await tx
        .delete(requirementSetMembers)
        .where(
          sql`${requirementSetMembers.requirementId} = ${row.id} AND ${inArray(requirementSetMembers.setId, gone)}`,
        );
    for (const set of sets) await placeInSet(tx, set.setId, row.id, set.position);
    for (const id of [...gone, ...keep]) touchedSets.add(id);
  }
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: requirementRef(next.title),
    action: 'update',
    before: {
      title: row.title,
      description: row.description,
      mandatory: row.mandatory,
      level: before!.level,
      sets: beforeSets,
    },
    after: {
      title: next.title,
      description: next.description,
      mandatory: next.mandatory,
      level: level === undefined ? before!.level : (level?.name ?? null),
      sets: await membershipsOf(tx, row.id),
    },
  });
  work.emit(REQUIREMENT_EVENTS.requirement, row.id, 'update');
  for (const id of touchedSets) work.emit(REQUIREMENT_EVENTS.set, id, 'update');
  return getRequirement(tx, row.id);
}

/** Deletes a requirement with its statuses, exemptions and places in sets. */
export async function deleteRequirement(
  work: Work,
  ctx: RequestContext,
  key: string,
): Promise<void> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'delete requirements');
  const row = await requireRequirement(tx, key, undefined, 'update');
  const [before] = await presentRequirements(tx, [row]);
  const sets = await membershipsOf(tx, row.id);
  await tx.delete(requirements).where(eq(requirements.id, row.id));
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: requirementRef(row.title),
    action: 'delete',
    before: {
      title: row.title,
      description: row.description,
      mandatory: row.mandatory,
      level: before!.level,
      sets,
    },
  });
  work.emit(REQUIREMENT_EVENTS.requirement, row.id, 'delete');
  for (const set of before!.sets) work.emit(REQUIREMENT_EVENTS.set, set.id, 'update');
}

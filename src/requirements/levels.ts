import { randomUUID } from 'node:crypto';
import { asc, count, eq, isNotNull } from 'drizzle-orm';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Conflict, Invalid } from '../platform/errors.js';
import { lockScope, type Work } from '../platform/unit-of-work.js';
import {
  type LevelCreate,
  type LevelPatch,
  REQUIREMENT_EVENTS,
  type RequirementLevel,
} from './contract.js';
import { RequirementErrors } from './errors.js';
import { findLevel, type LevelRow, requireLevel } from './lookup.js';
import { completeOrder, moveTo, writeOrder } from './order.js';
import { requireRequirementsAdmin } from './rights.js';
import { requirementLevels, requirements } from './schema.js';

/**
 * The instance's ladder of levels (PRODUCT 2: Bronze, Silver, Gold by default): admins rename,
 * add, recolour and reorder them; a level requirements still use cannot be deleted.
 */

const ENTITY = 'requirement_level';
const refOf = (name: string) => `requirement-level:${name}`;
/** Ladder changes follow each other: each renumbers the whole ladder. */
const SCOPE = 'requirement-levels';

function auditable(row: LevelRow): Record<string, unknown> {
  return { name: row.name, description: row.description, color: row.color, position: row.position };
}

async function ladder(db: Db): Promise<LevelRow[]> {
  return db
    .select()
    .from(requirementLevels)
    .orderBy(asc(requirementLevels.position), asc(requirementLevels.name));
}

async function usage(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ levelId: requirements.levelId, n: count() })
    .from(requirements)
    .where(isNotNull(requirements.levelId))
    .groupBy(requirements.levelId);
  return new Map(rows.map((r) => [r.levelId!, r.n]));
}

/** The ladder, lowest level first, each with how many requirements belong to it. */
export async function listLevels(db: Db): Promise<RequirementLevel[]> {
  // One after the other: inside a write's transaction there is one connection.
  const rows = await ladder(db);
  const used = await usage(db);
  return rows.map((row) => ({ ...present(row), requirements: used.get(row.id) ?? 0 }));
}

function present(row: LevelRow): Omit<RequirementLevel, 'requirements'> {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    description: row.description,
    color: row.color,
  };
}

async function presentOne(db: Db, id: string): Promise<RequirementLevel> {
  const level = (await listLevels(db)).find((l) => l.id === id);
  return level!;
}

async function requireFreeName(db: Db, name: string, self?: string): Promise<void> {
  const other = await findLevel(db, name);
  if (other && other.id !== self && other.name.toLowerCase() === name.toLowerCase())
    throw Invalid.field(
      RequirementErrors.duplicate,
      'name',
      `there is a level "${other.name}" already`,
    );
}

export async function createLevel(
  work: Work,
  ctx: RequestContext,
  input: LevelCreate,
): Promise<RequirementLevel> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'define levels');
  await lockScope(tx, SCOPE);
  await requireFreeName(tx, input.name);
  const rows = await ladder(tx);
  const id = randomUUID();
  const order = moveTo(
    rows.map((r) => r.id),
    id,
    input.position,
  );
  const row: LevelRow = {
    id,
    name: input.name,
    description: input.description ?? '',
    color: input.color ?? '',
    position: order.indexOf(id),
  };
  await tx.insert(requirementLevels).values(row);
  await writeOrder(tx, ctx, requirementLevels, ENTITY, refOf, rows, order);
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: id,
    entityRef: refOf(row.name),
    action: 'create',
    after: auditable(row),
  });
  work.emit(REQUIREMENT_EVENTS.level, id, 'create');
  return presentOne(tx, id);
}

/** Renames, describes, recolours or moves a level (`position`: its new place, 0 = lowest). */
export async function updateLevel(
  work: Work,
  ctx: RequestContext,
  key: string,
  patch: LevelPatch,
): Promise<RequirementLevel> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'change levels');
  await lockScope(tx, SCOPE);
  const row = await requireLevel(tx, key, undefined, 'update');
  if (patch.name !== undefined) await requireFreeName(tx, patch.name, row.id);
  const fields = {
    name: patch.name ?? row.name,
    description: patch.description ?? row.description,
    color: patch.color ?? row.color,
  };
  await tx.update(requirementLevels).set(fields).where(eq(requirementLevels.id, row.id));
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: refOf(fields.name),
    action: 'update',
    before: { name: row.name, description: row.description, color: row.color },
    after: fields,
  });
  if (patch.position !== undefined) {
    const rows = (await ladder(tx)).map((r) => (r.id === row.id ? { ...r, ...fields } : r));
    await writeOrder(
      tx,
      ctx,
      requirementLevels,
      ENTITY,
      refOf,
      rows,
      moveTo(
        rows.map((r) => r.id),
        row.id,
        patch.position,
      ),
    );
  }
  work.emit(REQUIREMENT_EVENTS.level, row.id, 'update');
  return presentOne(tx, row.id);
}

/** The whole ladder in a new order, lowest first: every level named once. */
export async function orderLevels(
  work: Work,
  ctx: RequestContext,
  keys: readonly string[],
): Promise<RequirementLevel[]> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'reorder levels');
  await lockScope(tx, SCOPE);
  const rows = await ladder(tx);
  const order = completeOrder(rows, keys, 'levels', 'level');
  await writeOrder(tx, ctx, requirementLevels, ENTITY, refOf, rows, order);
  for (const id of order) work.emit(REQUIREMENT_EVENTS.level, id, 'update');
  return listLevels(tx);
}

/** Deletes a level no requirement uses; one in use is a 409 saying how many use it. */
export async function deleteLevel(work: Work, ctx: RequestContext, key: string): Promise<void> {
  const { tx } = work;
  requireRequirementsAdmin(ctx, 'delete levels');
  await lockScope(tx, SCOPE);
  const row = await requireLevel(tx, key, undefined, 'update');
  const [used] = await tx
    .select({ n: count() })
    .from(requirements)
    .where(eq(requirements.levelId, row.id));
  const n = used?.n ?? 0;
  if (n > 0)
    throw new Conflict(
      RequirementErrors.inUse,
      `level "${row.name}" is used by ${n} requirement${n === 1 ? '' : 's'}: give ${n === 1 ? 'it' : 'them'} another level first`,
    );
  await tx.delete(requirementLevels).where(eq(requirementLevels.id, row.id));
  await recordChange(tx, ctx, {
    entityType: ENTITY,
    entityId: row.id,
    entityRef: refOf(row.name),
    action: 'delete',
    before: auditable(row),
  });
  const rest = await ladder(tx);
  await writeOrder(
    tx,
    ctx,
    requirementLevels,
    ENTITY,
    refOf,
    rest,
    rest.map((r) => r.id),
  );
  work.emit(REQUIREMENT_EVENTS.level, row.id, 'delete');
}

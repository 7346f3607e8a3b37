import { eq, sql } from 'drizzle-orm';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Conflict, Invalid, NotFound } from '../platform/errors.js';
import { lockScope, selectRows, type Work } from '../platform/unit-of-work.js';
import type { QuadrantInput, QuadrantPatch, RingInput, RingPatch } from './contract.js';
import { RadarErrors } from './errors.js';
import { quadrantRef, ringRef } from './refs.js';
import { radarEntries, radarEntryHistory, radarQuadrants, radarRings } from './schema.js';

/**
 * Quadrants and rings: created, edited (renamed, reordered, recoloured) and deleted by admins.
 * Names are unique ignoring case; a quadrant or ring something still points at stays.
 */

type Kind = 'quadrant' | 'ring';
const TABLE = { quadrant: radarQuadrants, ring: radarRings } as const;
const REF = { quadrant: quadrantRef, ring: ringRef } as const;
const FIELDS = {
  quadrant: ['name', 'position', 'description'],
  ring: ['name', 'position', 'description', 'color'],
} as const;

type Row = Record<string, unknown> & { id: string; name: string };

async function findByName(db: Db, kind: Kind, name: string): Promise<Row | undefined> {
  const table = TABLE[kind];
  const [row] = await selectRows(db, table, eq(sql`lower(${table.name})`, name.toLowerCase()));
  return row as Row | undefined;
}

export async function requirePart(db: Db, kind: Kind, id: string, lock?: 'update'): Promise<Row> {
  const [row] = await selectRows(db, TABLE[kind], eq(TABLE[kind].id, id), lock);
  if (!row) throw new NotFound(RadarErrors.notFound, `no radar ${kind} ${id}`);
  return row as Row;
}

async function assertNameFree(db: Db, kind: Kind, name: string, self?: string): Promise<void> {
  const other = await findByName(db, kind, name);
  if (other && other.id !== self)
    throw Invalid.field(RadarErrors.duplicate, 'name', `a ${kind} named "${other.name}" exists`);
}

/** The next position: after the last one, so a new ring goes outside the others. */
async function nextPosition(db: Db, kind: Kind): Promise<number> {
  const table = TABLE[kind];
  const [row] = await db.select({ max: sql<number | null>`max(${table.position})` }).from(table);
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

const pick = (row: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, row[f]]));

export async function createPart(
  work: Work,
  ctx: RequestContext,
  kind: Kind,
  input: QuadrantInput | RingInput,
): Promise<string> {
  // Two creates of one name wait for each other, so the second is told the name is taken.
  await lockScope(work.tx, `radar-${kind}s`);
  await assertNameFree(work.tx, kind, input.name);
  const values = {
    name: input.name,
    description: input.description ?? '',
    position: input.position ?? (await nextPosition(work.tx, kind)),
    ...(kind === 'ring' ? { color: (input as RingInput).color ?? '' } : {}),
  };
  const [row] = (await work.tx
    .insert(TABLE[kind])
    .values(values as never)
    .returning()) as Row[];
  await recordChange(work.tx, ctx, {
    entityType: `radar_${kind}`,
    entityId: row!.id,
    entityRef: REF[kind](row!.name),
    action: 'create',
    after: pick(row!, FIELDS[kind]),
  });
  work.emit(`radar_${kind}`, REF[kind](row!.name), 'create');
  return row!.id;
}

export async function updatePart(
  work: Work,
  ctx: RequestContext,
  kind: Kind,
  id: string,
  patch: QuadrantPatch | RingPatch,
): Promise<void> {
  await lockScope(work.tx, `radar-${kind}s`);
  const row = await requirePart(work.tx, kind, id, 'update');
  if (patch.name !== undefined) await assertNameFree(work.tx, kind, patch.name, id);
  const before = pick(row, FIELDS[kind]);
  const given = pick(patch as Record<string, unknown>, FIELDS[kind]);
  const after = {
    ...before,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  };
  const table = TABLE[kind];
  await work.tx
    .update(table)
    .set(after as never)
    .where(eq(table.id, id));
  const recorded = await recordChange(work.tx, ctx, {
    entityType: `radar_${kind}`,
    entityId: id,
    entityRef: REF[kind](after.name as string),
    action: 'update',
    before,
    after,
  });
  if (recorded > 0) work.emit(`radar_${kind}`, REF[kind](after.name as string), 'update');
}

export async function deletePart(
  work: Work,
  ctx: RequestContext,
  kind: Kind,
  id: string,
): Promise<void> {
  const row = await requirePart(work.tx, kind, id, 'update');
  const [use] =
    kind === 'quadrant'
      ? await work.tx
          .select({ n: sql<number>`count(*)` })
          .from(radarEntries)
          .where(eq(radarEntries.quadrantId, id))
      : await work.tx
          .select({ n: sql<number>`count(DISTINCT ${radarEntryHistory.entryId})` })
          .from(radarEntryHistory)
          .where(eq(radarEntryHistory.ringId, id));
  const n = Number(use?.n ?? 0);
  if (n > 0)
    throw new Conflict(
      RadarErrors.inUse,
      `the ${kind} "${row.name}" is used by ${n} entr${n === 1 ? 'y' : 'ies'}${
        kind === 'ring' ? ' (in their timelines)' : ''
      }: move them first`,
    );
  await work.tx.delete(TABLE[kind]).where(eq(TABLE[kind].id, id));
  await recordChange(work.tx, ctx, {
    entityType: `radar_${kind}`,
    entityId: id,
    entityRef: REF[kind](row.name),
    action: 'delete',
    before: pick(row, FIELDS[kind]),
  });
  work.emit(`radar_${kind}`, REF[kind](row.name), 'delete');
}

/** Finds a quadrant or ring by name for a write that points at it, or a 400 naming the field. */
export async function resolvePart(db: Db, kind: Kind, name: string, field: string): Promise<Row> {
  const row = await findByName(db, kind, name.trim());
  if (!row) throw Invalid.field(RadarErrors.unknownReference, field, `no radar ${kind} "${name}"`);
  return row;
}

import { sql } from 'drizzle-orm';
import { type EntityChange, recordChanges } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid } from '../platform/errors.js';
import { RequirementErrors } from './errors.js';
import type { requirementLevels, requirementSets } from './schema.js';

/**
 * Orders of the ladder of levels and of the sets: positions 0, 1, 2 ... in the order shown.
 * A move or a reordering renumbers every row whose place changes, each with a history row.
 */

export interface Placed {
  id: string;
  name: string;
  position: number;
}

/** `ids` with `id` moved to (or inserted at) `index`, clamped to the list. */
export function moveTo(ids: readonly string[], id: string, index: number | undefined): string[] {
  const at = ids.indexOf(id);
  const rest = ids.filter((other) => other !== id);
  const target = index ?? (at === -1 ? rest.length : at);
  rest.splice(Math.max(0, Math.min(target, rest.length)), 0, id);
  return rest;
}

/**
 * The ids of a complete new order named by `keys` (each resolving to a row by id or name):
 * every row exactly once, or a 400 naming `field` and what is wrong.
 */
export function completeOrder(
  rows: readonly Placed[],
  keys: readonly string[],
  field: string,
  what: string,
): string[] {
  const byKey = new Map<string, Placed>();
  for (const row of rows) {
    byKey.set(row.id.toLowerCase(), row);
    byKey.set(row.name.toLowerCase(), row);
  }
  const ids: string[] = [];
  keys.forEach((key, i) => {
    const row = byKey.get(key.trim().toLowerCase());
    if (!row)
      throw Invalid.field(
        RequirementErrors.unknownReference,
        `${field}[${i}]`,
        `no ${what} "${key}"`,
      );
    if (ids.includes(row.id))
      throw Invalid.field(
        RequirementErrors.invalid,
        `${field}[${i}]`,
        `"${row.name}" is named twice`,
      );
    ids.push(row.id);
  });
  const left = rows.filter((row) => !ids.includes(row.id)).map((row) => `"${row.name}"`);
  if (left.length > 0)
    throw Invalid.field(
      RequirementErrors.invalid,
      field,
      `name every ${what}: ${left.join(', ')} missing`,
    );
  return ids;
}

/** Gives each row of `order` its index as position, recording each change as `entityType`. */
export async function writeOrder(
  tx: Db,
  ctx: RequestContext,
  table: typeof requirementLevels | typeof requirementSets,
  entityType: string,
  refOf: (name: string) => string,
  rows: readonly Placed[],
  order: readonly string[],
): Promise<void> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const changes: EntityChange[] = [];
  for (const [position, id] of order.entries()) {
    const row = byId.get(id);
    if (!row || row.position === position) continue;
    await tx.execute(sql`UPDATE ${table} SET position = ${position} WHERE id = ${id}`);
    changes.push({
      entityType,
      entityId: id,
      entityRef: refOf(row.name),
      action: 'update',
      before: { position: row.position },
      after: { position },
    });
  }
  await recordChanges(tx, ctx, changes);
}

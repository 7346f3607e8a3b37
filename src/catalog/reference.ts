import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Conflict, Invalid, NotFound } from '../platform/errors.js';
import type { Work } from '../platform/unit-of-work.js';
import {
  REFERENCE_LISTS,
  REFERENCE_PARENTS,
  type ReferenceItem,
  type ReferenceItemCreate,
  type ReferenceList,
} from './contract.js';
import { CatalogErrors } from './errors.js';
import { requireAdmin } from './rights.js';
import { components, componentVersions, deployments, referenceItems } from './schema.js';

type Row = typeof referenceItems.$inferSelect;

/** Where each list's values are used, so renames cascade and deletes of used values are refused. */
const USES: Partial<
  Record<
    ReferenceList,
    { table: 'components' | 'versions' | 'deployments'; column: string; array: boolean }[]
  >
> = {
  categories: [{ table: 'components', column: 'category', array: false }],
  subcategories: [{ table: 'components', column: 'subcategory', array: false }],
  component_types: [{ table: 'components', column: 'type', array: false }],
  privacy_classes: [{ table: 'components', column: 'privacy_class', array: false }],
  vendors: [{ table: 'components', column: 'vendor', array: false }],
  location_classes: [
    { table: 'components', column: 'location_classes', array: true },
    { table: 'deployments', column: 'location_class', array: false },
  ],
  languages: [
    { table: 'versions', column: 'languages', array: true },
    { table: 'components', column: 'languages', array: true },
  ],
  frameworks: [
    { table: 'versions', column: 'frameworks', array: true },
    { table: 'components', column: 'frameworks', array: true },
  ],
  databases: [{ table: 'versions', column: 'databases', array: true }],
  orms: [{ table: 'versions', column: 'orms', array: true }],
  loggers: [{ table: 'versions', column: 'loggers', array: true }],
  runtimes: [
    { table: 'versions', column: 'runtimes', array: true },
    { table: 'deployments', column: 'runtime', array: false },
  ],
  environments: [{ table: 'deployments', column: 'environment', array: false }],
  product_versions: [{ table: 'deployments', column: 'product_version', array: false }],
};
const TABLES = { components, versions: componentVersions, deployments };

export function assertList(list: string): ReferenceList {
  if (!(REFERENCE_LISTS as readonly string[]).includes(list)) {
    throw new NotFound(
      CatalogErrors.notFound,
      `no reference list "${list}"; lists: ${REFERENCE_LISTS.join(', ')}`,
    );
  }
  return list as ReferenceList;
}

export async function listReferenceItems(db: Db, list: ReferenceList): Promise<ReferenceItem[]> {
  const rows = await db
    .select()
    .from(referenceItems)
    .where(eq(referenceItems.list, list))
    .orderBy(asc(referenceItems.position), asc(referenceItems.name));
  const parents = await parentNames(db, rows);
  return rows.map((r) => present(r, parents));
}

async function parentNames(db: Db, rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.parentId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const parents = await db
    .select({ id: referenceItems.id, name: referenceItems.name })
    .from(referenceItems)
    .where(sql`${referenceItems.id} in ${ids}`);
  return new Map(parents.map((p) => [p.id, p.name]));
}

function present(row: Row, parents: Map<string, string>): ReferenceItem {
  return {
    id: row.id,
    list: row.list as ReferenceList,
    name: row.name,
    description: row.description,
    position: row.position,
    parent: row.parentId ? (parents.get(row.parentId) ?? null) : null,
    extra: row.extra,
  };
}

export async function findReferenceItem(
  db: Db,
  list: ReferenceList,
  name: string,
): Promise<Row | undefined> {
  const [row] = await db
    .select()
    .from(referenceItems)
    .where(
      and(
        eq(referenceItems.list, list),
        eq(sql`lower(${referenceItems.name})`, name.toLowerCase()),
      ),
    );
  return row;
}

/** Returns the canonical spelling of a list value, or throws naming the field. */
export async function resolveReferenceValue(
  db: Db,
  list: ReferenceList,
  value: string,
  field: string,
): Promise<string> {
  const row = await findReferenceItem(db, list, value);
  if (!row) {
    throw Invalid.field(
      CatalogErrors.unknownReference,
      field,
      `"${value}" is not in the ${list} list`,
    );
  }
  return row.name;
}

async function resolveParent(
  db: Db,
  list: ReferenceList,
  parent: string | null | undefined,
): Promise<string | null> {
  const parentList = REFERENCE_PARENTS[list];
  if (parent === null || parent === undefined) return null;
  if (!parentList)
    throw Invalid.field(CatalogErrors.invalid, 'parent', `items of ${list} have no parent`);
  const row = await findReferenceItem(db, parentList, parent);
  if (!row)
    throw Invalid.field(
      CatalogErrors.unknownReference,
      'parent',
      `"${parent}" is not in the ${parentList} list`,
    );
  return row.id;
}

function auditable(item: ReferenceItem) {
  return {
    name: item.name,
    description: item.description,
    position: item.position,
    parent: item.parent,
    extra: item.extra,
  };
}

export async function createReferenceItem(
  work: Work,
  ctx: RequestContext,
  list: ReferenceList,
  input: z.output<typeof ReferenceItemCreate>,
): Promise<ReferenceItem> {
  requireAdmin(ctx, 'change reference lists');
  const { tx } = work;
  if (await findReferenceItem(tx, list, input.name)) {
    throw Invalid.field(
      CatalogErrors.duplicate,
      'name',
      `"${input.name}" is already in the ${list} list`,
    );
  }
  const parentId = await resolveParent(tx, list, input.parent);
  const [row] = await tx
    .insert(referenceItems)
    .values({
      list,
      name: input.name,
      description: input.description,
      position: input.position,
      parentId,
      extra: input.extra,
    })
    .returning();
  const item = present(row!, await parentNames(tx, [row!]));
  await recordChange(tx, ctx, {
    entityType: `reference:${list}`,
    entityId: item.id,
    entityRef: `${list}/${item.name}`,
    action: 'create',
    after: auditable(item),
  });
  work.emit(`reference.${list}`, `${list}/${item.name}`, 'create');
  return item;
}

export async function updateReferenceItem(
  work: Work,
  ctx: RequestContext,
  list: ReferenceList,
  name: string,
  patch: Partial<z.output<typeof ReferenceItemCreate>>,
): Promise<ReferenceItem> {
  requireAdmin(ctx, 'change reference lists');
  const { tx } = work;
  const row = await findReferenceItem(tx, list, name);
  if (!row) throw new NotFound(CatalogErrors.notFound, `no "${name}" in the ${list} list`);
  const [before] = (await listReferenceItems(tx, list)).filter((i) => i.id === row.id);
  if (patch.name !== undefined && patch.name.toLowerCase() !== row.name.toLowerCase()) {
    if (await findReferenceItem(tx, list, patch.name)) {
      throw Invalid.field(
        CatalogErrors.duplicate,
        'name',
        `"${patch.name}" is already in the ${list} list`,
      );
    }
  }
  const parentId =
    patch.parent === undefined ? row.parentId : await resolveParent(tx, list, patch.parent);
  const [updated] = await tx
    .update(referenceItems)
    .set({
      name: patch.name ?? row.name,
      description: patch.description ?? row.description,
      position: patch.position ?? row.position,
      extra: patch.extra ?? row.extra,
      parentId,
    })
    .where(eq(referenceItems.id, row.id))
    .returning();
  if (patch.name !== undefined && patch.name !== row.name)
    await cascadeRename(tx, list, row.name, patch.name);
  const item = present(updated!, await parentNames(tx, [updated!]));
  await recordChange(tx, ctx, {
    entityType: `reference:${list}`,
    entityId: item.id,
    entityRef: `${list}/${item.name}`,
    action: 'update',
    before: auditable(before!),
    after: auditable(item),
  });
  work.emit(`reference.${list}`, `${list}/${item.name}`, 'update');
  return item;
}

async function cascadeRename(tx: Db, list: ReferenceList, from: string, to: string): Promise<void> {
  for (const use of USES[list] ?? []) {
    const table = TABLES[use.table];
    const column = sql.identifier(use.column);
    if (use.array) {
      await tx.execute(
        sql`UPDATE ${table} SET ${column} = array_replace(${column}, ${from}, ${to}) WHERE ${from} = ANY(${column})`,
      );
    } else {
      await tx.execute(sql`UPDATE ${table} SET ${column} = ${to} WHERE ${column} = ${from}`);
    }
  }
}

export async function deleteReferenceItem(
  work: Work,
  ctx: RequestContext,
  list: ReferenceList,
  name: string,
): Promise<void> {
  requireAdmin(ctx, 'change reference lists');
  const { tx } = work;
  const row = await findReferenceItem(tx, list, name);
  if (!row) throw new NotFound(CatalogErrors.notFound, `no "${name}" in the ${list} list`);
  for (const use of USES[list] ?? []) {
    const table = TABLES[use.table];
    const column = sql.identifier(use.column);
    const test = use.array ? sql`${row.name} = ANY(${column})` : sql`${column} = ${row.name}`;
    const used = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM ${table} WHERE ${test}`,
    );
    const n = used[0]?.n ?? 0;
    if (n > 0)
      throw new Conflict(
        CatalogErrors.inUse,
        `"${row.name}" is still used by ${n} ${use.table}; change them first`,
      );
  }
  const children = await tx
    .select({ id: referenceItems.id })
    .from(referenceItems)
    .where(eq(referenceItems.parentId, row.id));
  if (children.length > 0)
    throw new Conflict(
      CatalogErrors.inUse,
      `"${row.name}" still has ${children.length} child items`,
    );
  await tx.delete(referenceItems).where(eq(referenceItems.id, row.id));
  await recordChange(tx, ctx, {
    entityType: `reference:${list}`,
    entityId: row.id,
    entityRef: `${list}/${row.name}`,
    action: 'delete',
    before: { name: row.name, description: row.description },
  });
  work.emit(`reference.${list}`, `${list}/${row.name}`, 'delete');
}

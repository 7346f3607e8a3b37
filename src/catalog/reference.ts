import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type EntityChange, recordChange, recordChanges } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Conflict, Invalid, NotFound } from '../platform/errors.js';
import { type RowLock, selectRows, type Work } from '../platform/unit-of-work.js';
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

interface Use {
  table: 'components' | 'versions' | 'deployments';
  column: string;
  array: boolean;
  /** The field's name in the entity's history; none for summaries kept from versions. */
  field?: string;
}

/**
 * Where each list's values are used, so renames cascade and deletes of used values are refused.
 * Components come first: a rename then locks rows in the order every edit does (component, then
 * its versions), so the two cannot deadlock.
 */
const USES: Partial<Record<ReferenceList, Use[]>> = {
  categories: [{ table: 'components', column: 'category', array: false, field: 'category' }],
  subcategories: [
    { table: 'components', column: 'subcategory', array: false, field: 'subcategory' },
  ],
  component_types: [{ table: 'components', column: 'type', array: false, field: 'type' }],
  privacy_classes: [
    { table: 'components', column: 'privacy_class', array: false, field: 'privacyClass' },
  ],
  vendors: [{ table: 'components', column: 'vendor', array: false, field: 'vendor' }],
  location_classes: [
    { table: 'components', column: 'location_classes', array: true, field: 'locationClasses' },
    { table: 'deployments', column: 'location_class', array: false, field: 'locationClass' },
  ],
  languages: [
    { table: 'components', column: 'languages', array: true },
    { table: 'versions', column: 'languages', array: true, field: 'languages' },
  ],
  frameworks: [
    { table: 'components', column: 'frameworks', array: true },
    { table: 'versions', column: 'frameworks', array: true, field: 'frameworks' },
  ],
  databases: [{ table: 'versions', column: 'databases', array: true, field: 'databases' }],
  orms: [{ table: 'versions', column: 'orms', array: true, field: 'orms' }],
  loggers: [{ table: 'versions', column: 'loggers', array: true, field: 'loggers' }],
  runtimes: [
    { table: 'versions', column: 'runtimes', array: true, field: 'runtimes' },
    { table: 'deployments', column: 'runtime', array: false, field: 'runtime' },
  ],
  environments: [
    { table: 'deployments', column: 'environment', array: false, field: 'environment' },
  ],
  product_versions: [
    { table: 'deployments', column: 'product_version', array: false, field: 'productVersion' },
  ],
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
  lock?: RowLock,
): Promise<Row | undefined> {
  const [row] = await selectRows(
    db,
    referenceItems,
    and(eq(referenceItems.list, list), eq(sql`lower(${referenceItems.name})`, name.toLowerCase())),
    lock,
  );
  return row;
}

/**
 * Returns the canonical spelling of a list value, or throws naming the field. Writes pass
 * `share`, so the value cannot be renamed between this read and their commit.
 */
export async function resolveReferenceValue(
  db: Db,
  list: ReferenceList,
  value: string,
  field: string,
  lock?: RowLock,
): Promise<string> {
  const row = await findReferenceItem(db, list, value, lock);
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
  const row = await findReferenceItem(db, parentList, parent, 'share');
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
  const row = await findReferenceItem(tx, list, name, 'update');
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
    await cascadeRename(tx, ctx, list, row.name, patch.name);
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

/** How to name, in the history, the entity a row of each table is. */
const ENTITIES = {
  components: {
    type: 'component',
    from: sql`${components} t`,
    ref: sql`'component:' || t.namespace || '/' || t.name`,
  },
  versions: {
    type: 'version',
    from: sql`${componentVersions} t JOIN ${components} c ON c.id = t.component_id`,
    ref: sql`'component:' || c.namespace || '/' || c.name || '@' || t.version`,
  },
  deployments: {
    type: 'deployment',
    from: sql`${deployments} t JOIN ${componentVersions} v ON v.id = t.version_id JOIN ${components} c ON c.id = v.component_id`,
    ref: sql`'component:' || c.namespace || '/' || c.name || '@' || v.version || '/deployment'`,
  },
};

/**
 * Rewrites a renamed value where it is used, and records the change on every entity it touches,
 * as an edit of that entity would: the rows are locked and read first, for their old values.
 * Imports call this too.
 */
export async function cascadeRename(
  tx: Db,
  ctx: RequestContext,
  list: ReferenceList,
  from: string,
  to: string,
): Promise<void> {
  const reason = `${list} value "${from}" renamed to "${to}"`;
  for (const use of USES[list] ?? []) {
    const table = TABLES[use.table];
    const column = sql.identifier(use.column);
    const changes: EntityChange[] = [];
    if (use.field) {
      const entity = ENTITIES[use.table];
      const test = use.array ? sql`${from} = ANY(t.${column})` : sql`t.${column} = ${from}`;
      const rows = await queryRows<{ id: string; ref: string; value: string | string[] }>(
        tx,
        sql`SELECT t.id, ${entity.ref} AS ref, t.${column} AS value FROM ${entity.from} WHERE ${test} FOR UPDATE OF t`,
      );
      for (const row of rows) {
        const after = Array.isArray(row.value) ? row.value.map((v) => (v === from ? to : v)) : to;
        changes.push({
          entityType: entity.type,
          entityId: row.id,
          entityRef: row.ref,
          action: 'update',
          before: { [use.field]: row.value },
          after: { [use.field]: after },
          reason,
        });
      }
    }
    if (use.array) {
      await tx.execute(
        sql`UPDATE ${table} SET ${column} = array_replace(${column}, ${from}, ${to}) WHERE ${from} = ANY(${column})`,
      );
    } else {
      await tx.execute(sql`UPDATE ${table} SET ${column} = ${to} WHERE ${column} = ${from}`);
    }
    await recordChanges(tx, ctx, changes);
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
  const row = await findReferenceItem(tx, list, name, 'update');
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

import { asc, eq, sql } from 'drizzle-orm';
import { changedFields, pickFields, recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid, NotFound } from '../platform/errors.js';
import type { Work } from '../platform/unit-of-work.js';
import { SECRET_KEYS, SECRET_REFERENCE, type Site, SiteInput, type SitePatch } from './contract.js';
import { InventoryErrors } from './errors.js';
import { resources, sites } from './schema.js';

type SiteRow = typeof sites.$inferSelect;
const AUDITED = ['name', 'description', 'defaults'] as const;
const siteRef = (name: string) => `site:${name}`;

/**
 * Site defaults hold credentials only by reference (`env:NAME`, `file:/path`): a literal
 * community or password stored here would be readable by every reader of the API and of the
 * history. Any key named like a credential, at any depth, must be a reference.
 */
export function assertNoLiteralSecrets(value: unknown, path = 'defaults'): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertNoLiteralSecrets(item, `${path}[${i}]`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    const field = `${path}.${key}`;
    if ((SECRET_KEYS as readonly string[]).includes(key.toLowerCase())) {
      // The value is never echoed: it may be the very secret refused.
      if (typeof inner !== 'string' || !SECRET_REFERENCE.test(inner))
        throw Invalid.field(
          InventoryErrors.literalSecret,
          field,
          'must be a reference to the secret (env:NAME or file:/path), never the secret itself',
        );
    } else assertNoLiteralSecrets(inner, field);
  }
}

export async function listSites(db: Db): Promise<Site[]> {
  const rows = await db
    .select({
      site: sites,
      resources: sql<number>`(SELECT count(*)::int FROM ${resources} WHERE ${resources.resourceSite} = ${sites.name})`,
    })
    .from(sites)
    .orderBy(asc(sites.name));
  return rows.map((r) => presentSite(r.site, Number(r.resources)));
}

/** One site by name, or undefined. */
export async function findSite(db: Db, name: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(sites).where(eq(sites.name, name));
  return row;
}

function presentSite(row: SiteRow, count: number): Site {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    defaults: row.defaults,
    resources: count,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function lockSite(tx: Db, name: string): Promise<SiteRow> {
  const [row] = await tx.select().from(sites).where(eq(sites.name, name)).for('update');
  if (!row) throw new NotFound(InventoryErrors.notFound, `no site ${name}`);
  return row;
}

async function assertNameFree(tx: Db, name: string): Promise<void> {
  const [taken] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.name, name));
  if (taken) throw Invalid.field(InventoryErrors.duplicate, 'name', `site ${name} exists`);
}

export async function createSite(work: Work, ctx: RequestContext, input: SiteInput) {
  const site = SiteInput.parse(input);
  assertNoLiteralSecrets(site.defaults);
  await assertNameFree(work.tx, site.name);
  const [row] = await work.tx.insert(sites).values(site).returning();
  await recordChange(work.tx, ctx, {
    entityType: 'site',
    entityId: row!.id,
    entityRef: siteRef(site.name),
    action: 'create',
    after: pickFields(row!, AUDITED),
  });
  work.emit('site', siteRef(site.name), 'create');
  return row!.id;
}

export async function updateSite(work: Work, ctx: RequestContext, name: string, patch: SitePatch) {
  if (patch.defaults) assertNoLiteralSecrets(patch.defaults);
  const before = await lockSite(work.tx, name);
  if (patch.name !== undefined && patch.name !== name) await assertNameFree(work.tx, patch.name);
  const after = { ...pickFields(before, AUDITED), ...patch };
  const changed = changedFields(pickFields(before, AUDITED), after);
  if (changed.length === 0) return;
  await work.tx
    .update(sites)
    .set({ ...pickFields(after, changed), updatedAt: new Date() })
    .where(eq(sites.id, before.id));
  await recordChange(work.tx, ctx, {
    entityType: 'site',
    entityId: before.id,
    entityRef: siteRef(after.name as string),
    action: 'update',
    before: pickFields(before, changed),
    after: pickFields(after, changed),
  });
  work.emit('site', siteRef(after.name as string), 'update');
}

/** Removes the site; its resources stay (a resource may name a site nobody defined). */
export async function deleteSite(work: Work, ctx: RequestContext, name: string) {
  const before = await lockSite(work.tx, name);
  await work.tx.delete(sites).where(eq(sites.id, before.id));
  await recordChange(work.tx, ctx, {
    entityType: 'site',
    entityId: before.id,
    entityRef: siteRef(name),
    action: 'delete',
    before: pickFields(before, AUDITED),
  });
  work.emit('site', siteRef(name), 'delete');
}

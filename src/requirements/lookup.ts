import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type ComponentRow, findComponent } from '../catalog/components.js';
import { formatComponentRef } from '../catalog/refs.js';
import { componentVersions } from '../catalog/schema.js';
import { people } from '../platform/auth/schema.js';
import type { Db } from '../platform/db.js';
import { Invalid, NotFound } from '../platform/errors.js';
import { type RowLock, selectRows } from '../platform/unit-of-work.js';
import type { PersonRef } from './contract.js';
import { RequirementErrors } from './errors.js';
import { requirementLevels, requirementSets, requirements } from './schema.js';

/**
 * Finding what a path or a field names. Levels and sets are named by id or by name, requirements
 * by id or by title, all ignoring case; a component by `namespace/name` and one of its versions
 * by its version string.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id when `key` is one, else by the lower-cased text of `column`. */
function byKey(id: AnyPgColumn, column: AnyPgColumn, key: string) {
  const text = key.trim();
  return UUID.test(text)
    ? sql`(${eq(id, text.toLowerCase())} OR ${eq(sql`lower(${column})`, text.toLowerCase())})`
    : eq(sql`lower(${column})`, text.toLowerCase());
}

export type LevelRow = typeof requirementLevels.$inferSelect;
export type SetRow = typeof requirementSets.$inferSelect;
export type RequirementRow = typeof requirements.$inferSelect;
export type VersionRow = typeof componentVersions.$inferSelect;

export async function findLevel(db: Db, key: string, lock?: RowLock) {
  const [row] = await selectRows(
    db,
    requirementLevels,
    byKey(requirementLevels.id, requirementLevels.name, key),
    lock,
  );
  return row;
}
export async function findSet(db: Db, key: string, lock?: RowLock) {
  const [row] = await selectRows(
    db,
    requirementSets,
    byKey(requirementSets.id, requirementSets.name, key),
    lock,
  );
  return row;
}
export async function findRequirement(db: Db, key: string, lock?: RowLock) {
  const [row] = await selectRows(
    db,
    requirements,
    byKey(requirements.id, requirements.title, key),
    lock,
  );
  return row;
}

/**
 * What a path names: missing is 404. With `field`, what a body field names: missing is a 400
 * naming the field.
 */
function missing(what: string, key: string, field?: string): never {
  if (field) throw Invalid.field(RequirementErrors.unknownReference, field, `no ${what} "${key}"`);
  throw new NotFound(RequirementErrors.notFound, `no ${what} "${key}"`);
}

export async function requireLevel(db: Db, key: string, field?: string, lock?: RowLock) {
  return (await findLevel(db, key, lock)) ?? missing('level', key, field);
}
export async function requireSet(db: Db, key: string, field?: string, lock?: RowLock) {
  return (await findSet(db, key, lock)) ?? missing('requirement set', key, field);
}
export async function requireRequirement(db: Db, key: string, field?: string, lock?: RowLock) {
  return (await findRequirement(db, key, lock)) ?? missing('requirement', key, field);
}

/** A component and one of its versions, as the status routes name them. */
export interface VersionTarget {
  namespace: string;
  name: string;
  version: string;
}

export async function requireComponentAt(
  db: Db,
  ref: { namespace: string; name: string },
): Promise<ComponentRow> {
  const row = await findComponent(db, ref);
  if (!row)
    throw new NotFound(RequirementErrors.notFound, `no component ${formatComponentRef(ref)}`);
  return row;
}

export async function requireVersionOf(
  db: Db,
  component: ComponentRow,
  version: string,
): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(componentVersions)
    .where(
      and(eq(componentVersions.componentId, component.id), eq(componentVersions.version, version)),
    );
  if (!row)
    throw new NotFound(
      RequirementErrors.notFound,
      `${formatComponentRef(component)} has no version "${version}"`,
    );
  return row;
}

/** Ids of every version of the component: an exemption covers them all. */
export async function versionIdsOf(db: Db, componentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: componentVersions.id })
    .from(componentVersions)
    .where(eq(componentVersions.componentId, componentId));
  return rows.map((r) => r.id);
}

/** How answers name the people with these ids. */
export async function personRefs(
  db: Db,
  ids: readonly (string | null)[],
): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, username: people.username, name: people.name })
    .from(people)
    .where(inArray(people.id, wanted));
  return new Map(rows.map((r) => [r.id, { username: r.username, name: r.name || r.username }]));
}

/** The ref history and answers use for a status: `component:ns/name@version#title`. */
export function statusRef(component: ComponentRow, version: string, title: string): string {
  return `${formatComponentRef(component)}@${version}#${title}`;
}

/** The ref of live events about a version's statuses: `<namespace>/<name>@<version>`. */
export function versionEventRef(component: ComponentRow, version: string): string {
  return `${component.namespace}/${component.name}@${version}`;
}

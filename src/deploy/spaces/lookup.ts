import { eq, sql } from 'drizzle-orm';
import { findComponent } from '../../catalog/components.js';
import { parseComponentRef } from '../../catalog/refs.js';
import type { Db } from '../../platform/db.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { type RowLock, selectRows } from '../../platform/unit-of-work.js';
import { environments, spaces } from '../schema.js';
import { DeployErrors } from './errors.js';

export type SpaceRow = typeof spaces.$inferSelect;
export type EnvironmentRow = typeof environments.$inferSelect;

/** The space by name (ignoring case), or 404. */
export async function requireSpace(db: Db, name: string, lock?: RowLock): Promise<SpaceRow> {
  const [row] = await selectRows(
    db,
    spaces,
    eq(sql`lower(${spaces.name})`, name.toLowerCase()),
    lock,
  );
  if (!row) throw new NotFound(DeployErrors.notFound, `no space "${name}"`);
  return row;
}

export async function findEnvironment(
  db: Db,
  spaceId: string,
  name: string,
  lock?: RowLock,
): Promise<EnvironmentRow | undefined> {
  const [row] = await selectRows(
    db,
    environments,
    sql`${environments.spaceId} = ${spaceId} AND lower(${environments.name}) = ${name.toLowerCase()}`,
    lock,
  );
  return row;
}

/** The environment of the space, or an error: 404 on its own path, 400 naming `field` in a body or query. */
export async function requireEnvironment(
  db: Db,
  space: SpaceRow,
  name: string,
  field?: string,
): Promise<EnvironmentRow> {
  const row = await findEnvironment(db, space.id, name);
  if (row) return row;
  const reason = `no environment "${name}" in space "${space.name}"`;
  if (field) throw Invalid.field(DeployErrors.unknownReference, field, reason);
  throw new NotFound(DeployErrors.notFound, reason);
}

export interface SpaceComponent {
  id: string;
  ref: string;
  name: string;
}

/**
 * The component (name or namespace/name) if it belongs to the space (components.space, set
 * through the catalog): a component of another space is as unknown here as a missing one.
 */
export async function requireSpaceComponent(
  db: Db,
  space: SpaceRow,
  text: string,
  field?: string,
): Promise<SpaceComponent> {
  const ref = parseComponentRef(text, field ?? 'component');
  const row = await findComponent(db, ref);
  if (!row || row.space?.toLowerCase() !== space.name.toLowerCase()) {
    const reason = `no component "${text}" in space "${space.name}"`;
    if (field) throw Invalid.field(DeployErrors.unknownReference, field, reason);
    throw new NotFound(DeployErrors.notFound, reason);
  }
  return { id: row.id, ref: `component:${row.namespace}/${row.name}`, name: row.name };
}

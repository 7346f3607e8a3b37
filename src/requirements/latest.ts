/**
 * The version a view shows for a component: its latest, the highest by the catalog's version
 * order (src/catalog/semver.ts), which SQL cannot sort; so the versions are read in one query and
 * the highest picked in memory.
 */
import { sql } from 'drizzle-orm';
import { componentVersions } from '../catalog/schema.js';
import { compareVersions } from '../catalog/semver.js';
import { type Db, queryRows } from '../platform/db.js';

export interface VersionChoice {
  id: string;
  version: string;
}

/** Reduces (component, version) rows to each component's latest version. */
export function latestByComponent(
  rows: Iterable<{ componentId: string; versionId: string | null; version: string | null }>,
): Map<string, VersionChoice> {
  const latest = new Map<string, VersionChoice>();
  for (const row of rows) {
    if (row.versionId === null || row.version === null) continue;
    const best = latest.get(row.componentId);
    if (!best || compareVersions(row.version, best.version) > 0)
      latest.set(row.componentId, { id: row.versionId, version: row.version });
  }
  return latest;
}

/**
 * The versions no view shows as latest: every version of a component but its highest. Components
 * with one version have none, so only those with several are read. Views key it on the data
 * generation (every new version moves it), so SQL can keep exactly the latest versions with
 * `id <> ALL(superseded)` instead of bringing every version into memory on each read.
 */
export async function supersededVersionIds(db: Db): Promise<string[]> {
  const rows = await queryRows<{ component_id: string; id: string; version: string }>(
    db,
    sql`SELECT v.component_id, v.id, v.version FROM ${componentVersions} v
        WHERE v.component_id IN (
          SELECT component_id FROM ${componentVersions} GROUP BY component_id HAVING count(*) > 1)`,
  );
  const latest = latestByComponent(
    rows.map((r) => ({ componentId: r.component_id, versionId: r.id, version: r.version })),
  );
  return rows.filter((r) => latest.get(r.component_id)?.id !== r.id).map((r) => r.id);
}

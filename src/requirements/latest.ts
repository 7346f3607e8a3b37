/**
 * The version a view shows for a component: its latest, the highest by the catalog's version
 * order (src/catalog/semver.ts), which SQL cannot sort; so the versions are read in one query and
 * the highest picked in memory.
 */
import { compareVersions } from '../catalog/semver.js';

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

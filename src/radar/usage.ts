import { sql } from 'drizzle-orm';
import { components, componentVersions, referenceItems } from '../catalog/schema.js';
import { type Db, queryRows } from '../platform/db.js';
import type { UsingComponent } from './contract.js';
import { radarEntryLinks } from './schema.js';

interface UsageRow {
  entry_id: string;
  namespace: string;
  name: string;
  title: string;
  via: string;
}

/** Each linked list, named as a version's column of the same name is. */
const LIST_KIND = {
  languages: 'language',
  frameworks: 'framework',
  databases: 'database',
} as const;

/**
 * The components that use each entry: linked to it directly, or having a version that names a
 * language, framework or database the entry is linked to (any version: a technology stays in
 * use while a version that runs on it exists). One read for the whole radar, or for one
 * component (its Hold flag). Versions store list values by their canonical name, so equality
 * ignoring case finds them.
 *
 * A read-only view of catalog tables the catalog service has no operation for yet.
 */
export async function componentsUsing(
  db: Db,
  options: { componentId?: string } = {},
): Promise<Map<string, UsingComponent[]>> {
  const onlyComponent = options.componentId ? sql`AND c.id = ${options.componentId}` : sql``;
  const viaList = Object.entries(LIST_KIND).map(
    ([list, kind]) => sql`
      SELECT l.entry_id, c.namespace, c.name, c.title, CAST(${`${kind} `} AS text) || r.name AS via
      FROM ${radarEntryLinks} l
      JOIN ${referenceItems} r ON r.id = l.reference_item_id AND r.list = ${list}
      JOIN ${componentVersions} v
        ON EXISTS (SELECT 1 FROM unnest(${sql.raw(`v.${list}`)}) AS x(value) WHERE lower(x.value) = lower(r.name))
      JOIN ${components} c ON c.id = v.component_id
      WHERE true ${onlyComponent}`,
  );
  const rows = await queryRows<UsageRow>(
    db,
    sql`
    SELECT DISTINCT entry_id, namespace, name, title, via FROM (
      SELECT l.entry_id, c.namespace, c.name, c.title, CAST('linked' AS text) AS via
      FROM ${radarEntryLinks} l JOIN ${components} c ON c.id = l.component_id
      WHERE true ${onlyComponent}
      UNION ALL ${sql.join(viaList, sql` UNION ALL `)}
    ) u
    ORDER BY namespace, name, via`,
  );
  const byEntry = new Map<string, UsingComponent[]>();
  for (const row of rows) {
    const ref = `component:${row.namespace}/${row.name}`;
    const list = byEntry.get(row.entry_id) ?? [];
    const known = list.find((u) => u.ref === ref);
    // A component linked directly and through a language is listed once, with both reasons.
    if (known) known.via = `${known.via}, ${row.via}`;
    else list.push({ ref, title: row.title || row.name, via: row.via });
    byEntry.set(row.entry_id, list);
  }
  return byEntry;
}

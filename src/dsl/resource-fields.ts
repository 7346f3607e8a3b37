// The filter fields of Panoptes resources (PRODUCT.md sections 4 and 5). `get` reads resources
// as they appear in Panoptes' JSON; `sql` reads a table with the same column names and the
// metadata in a jsonb column `resource_metadata`, so the inventory can reuse this catalogue.
import { type SQL, sql } from 'drizzle-orm';
import type { FieldSet, FieldSpec } from './fields.js';

/** A resource in Panoptes' JSON serialisation, as parsed; nothing is trusted to be present. */
export type PanoptesResource = Readonly<Record<string, unknown>>;

const TEXT_COLUMNS = [
  'resource_id',
  'resource_site',
  'resource_class',
  'resource_subclass',
  'resource_type',
  'resource_endpoint',
  'resource_plugin',
] as const;

/**
 * The resource fields; `table` qualifies the columns (a table name or alias) when the query
 * joins other tables.
 */
export function createResourceFields(table?: string): FieldSet<PanoptesResource> {
  const column = (name: string): SQL =>
    table === undefined
      ? sql`${sql.identifier(name)}`
      : sql`${sql.identifier(table)}.${sql.identifier(name)}`;

  const fields: Record<string, FieldSpec<PanoptesResource>> = {};
  for (const name of TEXT_COLUMNS) {
    fields[name] = { type: 'text', shape: 'scalar', sql: () => column(name), get: (r) => r[name] };
  }
  // A number, though Panoptes' own files hold it as a string ("1512629517.03121"); the
  // compilers read numeric strings as numbers.
  fields.resource_creation_timestamp = {
    type: 'number',
    shape: 'scalar',
    sql: () => column('resource_creation_timestamp'),
    get: (r) => r.resource_creation_timestamp,
  };
  fields.resource_metadata = {
    type: 'text',
    shape: 'keyed',
    sql: (key) => sql`(${column('resource_metadata')} ->> ${key ?? ''}::text)`,
    get: (r, key) => {
      const metadata = r.resource_metadata;
      if (
        key === undefined ||
        typeof metadata !== 'object' ||
        metadata === null ||
        Array.isArray(metadata)
      ) {
        return undefined;
      }
      // Own keys only: "constructor" or "__proto__" must not reach Object.prototype.
      return Object.hasOwn(metadata, key) ? (metadata as Record<string, unknown>)[key] : undefined;
    },
  };
  return fields;
}

export const resourceFields: FieldSet<PanoptesResource> = createResourceFields();

import { type SQL, sql } from 'drizzle-orm';
import { components } from '../catalog/schema.js';
import {
  compileSql,
  createResourceFields,
  type FieldSet,
  type PanoptesResource,
  parseFilter,
} from '../dsl/index.js';
import type { Db } from '../platform/db.js';
import { componentResourceRules, resourceComponentLinks } from './schema.js';

/**
 * The DSL fields of the inventory's `resources` table: Panoptes' resource fields, plus
 * `component`, the refs (`component:ns/name`) of the components a resource belongs to by an
 * explicit link or by a component's rule.
 */

/** Rules are written over these: a rule naming `component` would define itself. */
export const ruleFields: FieldSet<PanoptesResource> = createResourceFields('resources');

/** A rule's filter as SQL over `resources`; throws the DSL's errors (line, column) when bad. */
export function compileRule(filter: string): SQL {
  return compileSql(parseFilter(filter), ruleFields);
}

export interface ComponentRule {
  componentId: string;
  ref: string;
  filter: string;
}

/** Every component's rule, with its component's ref. */
export async function loadRules(db: Db): Promise<ComponentRule[]> {
  return db
    .select({
      componentId: componentResourceRules.componentId,
      ref: sql<string>`'component:' || ${components.namespace} || '/' || ${components.name}`,
      filter: componentResourceRules.filter,
    })
    .from(componentResourceRules)
    .innerJoin(components, sql`${components.id} = ${componentResourceRules.componentId}`);
}

/**
 * The text[] of component refs a `resources` row belongs to: explicit links, then each rule the
 * row passes (a rule that is unknown for the row, on a missing metadata key, adds nothing).
 */
export function componentRefsSql(rules: readonly ComponentRule[]): SQL {
  const linked = sql`ARRAY(SELECT 'component:' || c.namespace || '/' || c.name
    FROM ${resourceComponentLinks} l JOIN ${components} c ON c.id = l.component_id
    WHERE l.resource_id = ${sql.identifier('resources')}.id)`;
  if (rules.length === 0) return linked;
  const byRule = rules.map(
    (rule) => sql`CASE WHEN ${compileRule(rule.filter)} THEN ${rule.ref}::text END`,
  );
  return sql`array_cat(${linked}, array_remove(ARRAY[${sql.join(byRule, sql`, `)}]::text[], NULL))`;
}

/**
 * The full field set, built per query from the rules as they are now. In memory `component`
 * reads a record's `component` array, which nothing but a caller that computed it provides.
 */
export async function inventoryFields(db: Db): Promise<FieldSet<PanoptesResource>> {
  const rules = await loadRules(db);
  return {
    ...ruleFields,
    component: {
      type: 'text',
      shape: 'multi',
      sql: () => componentRefsSql(rules),
      get: (r) => r.component,
    },
  };
}

import { type SQLWrapper, sql } from 'drizzle-orm';
import type { FieldSet, FieldSpec } from '../dsl/index.js';
import type { Component } from './contract.js';
import { components } from './schema.js';

type C = Component;

function scalar(column: SQLWrapper, get: (c: C) => unknown): FieldSpec<C> {
  return { type: 'text', shape: 'scalar', sql: () => sql`${column}`, get: (c) => get(c) };
}

function multi(column: SQLWrapper, get: (c: C) => string[]): FieldSpec<C> {
  return { type: 'text', shape: 'multi', sql: () => sql`${column}`, get: (c) => get(c) };
}

function keyed(column: SQLWrapper, get: (c: C) => Record<string, string>): FieldSpec<C> {
  return {
    type: 'text',
    shape: 'keyed',
    sql: (key) => sql`(${column} ->> ${key ?? ''})`,
    get: (c, key) => get(c)[key ?? ''],
  };
}

/**
 * The component fields the filter language knows (PRODUCT 4), for the database and for memory.
 * Names are the snake_case the DSL uses; `owner` is the owner team's name.
 */
export const componentFields: FieldSet<C> = {
  name: scalar(components.name, (c) => c.name),
  namespace: scalar(components.namespace, (c) => c.namespace),
  title: scalar(components.title, (c) => c.title),
  description: scalar(components.description, (c) => c.description),
  type: scalar(components.type, (c) => c.type),
  lifecycle: scalar(components.lifecycle, (c) => c.lifecycle),
  category: scalar(components.category, (c) => c.category),
  subcategory: scalar(components.subcategory, (c) => c.subcategory),
  owner: scalar(components.owner, (c) => c.owner),
  system: scalar(components.system, (c) => c.system),
  space: scalar(components.space, (c) => c.space),
  vendor: scalar(components.vendor, (c) => c.vendor),
  privacy_class: scalar(components.privacyClass, (c) => c.privacyClass),
  highly_loaded: scalar(sql`(${components.highlyLoaded})::text`, (c) => String(c.highlyLoaded)),
  tags: multi(components.tags, (c) => c.tags),
  languages: multi(components.languages, (c) => c.languages),
  frameworks: multi(components.frameworks, (c) => c.frameworks),
  location_classes: multi(components.locationClasses, (c) => c.locationClasses),
  endpoints: multi(components.endpoints, (c) => c.endpoints),
  labels: keyed(components.labels, (c) => c.labels),
  annotations: keyed(components.annotations, (c) => c.annotations),
};

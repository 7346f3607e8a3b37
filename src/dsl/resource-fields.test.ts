import { readFileSync } from 'node:fs';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/helpers/fixtures.js';
import { compilePredicate } from './compile-predicate.js';
import { parseFilter } from './parse.js';
import { type PanoptesResource, resourceFields } from './resource-fields.js';

const fixture = JSON.parse(
  readFileSync(fixturePath('panoptes', 'localhost.json'), 'utf8'),
) as PanoptesResource[];

const matches = (filter: string, resource: PanoptesResource) =>
  compilePredicate(parseFilter(filter), resourceFields)(resource);

describe('resourceFields', () => {
  it('reads every field of a Panoptes resource file', () => {
    const [localhost] = fixture;
    if (localhost === undefined) throw new Error('fixture is empty');
    for (const filter of [
      'resource_id = "localhost"',
      'resource_site = "local"',
      'resource_class = "system"',
      'resource_subclass = "host"',
      'resource_type = "generic"',
      'resource_endpoint = "localhost"',
      'resource_plugin LIKE "plugin_discovery%"',
      'resource_creation_timestamp = 1512629517.03121',
      'resource_metadata._resource_ttl = "900"',
      'resource_metadata._RESOURCE_TTL IS NULL',
    ]) {
      expect(matches(filter, localhost), filter).toBe(true);
    }
  });

  it('treats metadata that is not an object, and inherited keys, as missing', () => {
    for (const metadata of [undefined, null, 'x', ['a'], {}]) {
      const resource = { resource_id: 'x', resource_metadata: metadata };
      expect(
        matches('resource_metadata.0 IS NULL AND resource_metadata.toString IS NULL', resource),
      ).toBe(true);
    }
    const own = JSON.parse('{"resource_metadata": {"__proto__": "p", "constructor": "c"}}');
    expect(
      matches('resource_metadata.__proto__ = "p" AND resource_metadata.constructor = "c"', own),
    ).toBe(true);
  });

  it('reads the columns of a resources table and the keys of its jsonb metadata', () => {
    const dialect = new PgDialect();
    const metadata = resourceFields.resource_metadata;
    const timestamp = resourceFields.resource_creation_timestamp;
    expect([metadata?.shape, timestamp?.type]).toEqual(['keyed', 'number']);
    expect(dialect.sqlToQuery(metadata!.sql('os_name'))).toMatchObject({
      sql: '("resource_metadata" ->> $1::text)',
      params: ['os_name'],
    });
    expect(dialect.sqlToQuery(timestamp!.sql()).sql).toBe('"resource_creation_timestamp"');
  });
});

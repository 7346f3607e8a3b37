import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { compilePredicate } from './compile-predicate.js';
import { DslFieldError } from './errors.js';
import type { FieldSet } from './fields.js';
import { parseFilter } from './parse.js';
import { type PanoptesResource, resourceFields } from './resource-fields.js';

const resources: PanoptesResource[] = [
  {
    resource_id: 'sw1',
    resource_site: 'dc1',
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'cisco',
    resource_endpoint: 'sw1.example',
    resource_creation_timestamp: 1532023147.34,
    resource_metadata: {
      make: 'Cisco',
      model: '4948E',
      os_version: '15.10',
      _resource_ttl: 604800,
    },
  },
  {
    resource_id: 'sw2',
    resource_site: 'dc2',
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'arista',
    resource_endpoint: 'sw2.example',
    resource_creation_timestamp: '1512629517.03121',
    resource_metadata: { make: 'Arista', model: '7050', os_version: '4.2' },
  },
  {
    resource_id: 'host_1',
    resource_site: 'dc1',
    resource_class: 'system',
    resource_subclass: 'host',
    resource_metadata: { Make: 'Dell', make: null },
  },
  { resource_id: 'bare' },
];

function ids(filter: string, records: PanoptesResource[] = resources): string[] {
  const predicate = compilePredicate(parseFilter(filter), resourceFields);
  return records.filter(predicate).map((r) => String(r.resource_id));
}

describe('compilePredicate: comparisons', () => {
  it('compares text exactly, case-sensitively', () => {
    expect(ids('resource_class = "network"')).toEqual(['sw1', 'sw2']);
    expect(ids('resource_class = "NETWORK"')).toEqual([]);
    expect(ids('resource_class != "network"')).toEqual(['host_1']);
    expect(ids('resource_type IN ("cisco", "juniper")')).toEqual(['sw1']);
    expect(ids('resource_type NOT IN ("cisco")')).toEqual(['sw2']);
  });

  it('reads metadata keys exactly', () => {
    expect(ids('resource_metadata.make = "Dell"')).toEqual([]);
    expect(ids('resource_metadata.Make = "Dell"')).toEqual(['host_1']);
    expect(ids('RESOURCE_METADATA.model = "7050"')).toEqual(['sw2']);
    expect(ids('resource_metadata.constructor IS NULL')).toEqual(['sw1', 'sw2', 'host_1', 'bare']);
  });

  it('compares a number literal with a text field as written, and orders it numerically', () => {
    expect(ids('resource_metadata.os_version = 15.10')).toEqual(['sw1']);
    expect(ids('resource_metadata.os_version = 15.1')).toEqual([]);
    expect(ids('resource_metadata.os_version > 5')).toEqual(['sw1']);
    // As text "15.10" < "5"; as numbers it is greater: a quoted literal compares as text.
    expect(ids('resource_metadata.os_version > "5"')).toEqual([]);
    expect(ids('resource_metadata._resource_ttl = 604800')).toEqual(['sw1']);
    expect(ids('resource_metadata._resource_ttl >= 604800.0')).toEqual(['sw1']);
  });

  it('orders text in code-point order', () => {
    expect(ids('resource_site < "dc2"')).toEqual(['sw1', 'host_1']);
    expect(ids('resource_endpoint >= "sw2"')).toEqual(['sw2']);
    const emoji = [{ resource_id: 'e', resource_site: '😀' }];
    // UTF-16 puts U+1F600 before U+FB00; code points (and COLLATE "C") put it after.
    expect(ids('resource_site > "ﬀ"', emoji)).toEqual(['e']);
  });

  it('reads numeric strings in number fields as numbers', () => {
    expect(ids('resource_creation_timestamp < 1520000000')).toEqual(['sw2']);
    expect(ids('resource_creation_timestamp > "1520000000"')).toEqual(['sw1']);
    expect(ids('resource_creation_timestamp = 1512629517.03121')).toEqual(['sw2']);
    expect(ids('resource_creation_timestamp IN (1, 1532023147.34)')).toEqual(['sw1']);
  });

  it('never matches non-numeric text against a number field, so != holds', () => {
    expect(ids('resource_creation_timestamp = "yesterday"')).toEqual([]);
    expect(ids('resource_creation_timestamp < "yesterday"')).toEqual([]);
    expect(ids('resource_creation_timestamp != "yesterday"')).toEqual(['sw1', 'sw2']);
    expect(ids('resource_creation_timestamp NOT IN ("x", "y")')).toEqual(['sw1', 'sw2']);
  });
});

describe('compilePredicate: LIKE', () => {
  it('matches case-insensitively with % and _', () => {
    expect(ids('resource_metadata.make LIKE "arista%"')).toEqual(['sw2']);
    expect(ids('resource_metadata.make NOT LIKE "Arista%"')).toEqual(['sw1']);
    expect(ids('resource_id LIKE "sw_"')).toEqual(['sw1', 'sw2']);
    expect(ids('resource_id LIKE "host\\_%"')).toEqual(['host_1']);
    expect(ids('resource_metadata.model LIKE 4948')).toEqual([]);
    expect(ids('resource_metadata.model LIKE "4948%"')).toEqual(['sw1']);
  });

  it('refuses LIKE on a number field in both compilers', () => {
    expect(() => ids('resource_creation_timestamp LIKE "15%"')).toThrow(DslFieldError);
  });
});

describe('compilePredicate: missing values and three-valued logic', () => {
  it('makes every comparison on a missing value unknown, and NOT of unknown unknown', () => {
    for (const test of [
      '= "x"',
      '!= "x"',
      '< "x"',
      '>= "x"',
      'LIKE "%"',
      'NOT LIKE "x"',
      'IN ("x")',
      'NOT IN ("x")',
    ]) {
      expect(ids(`resource_type ${test}`).includes('bare'), test).toBe(false);
      expect(ids(`NOT resource_type ${test}`).includes('bare'), `NOT ${test}`).toBe(false);
    }
    // A JSON null in the metadata is as missing as an absent key.
    expect(ids('resource_metadata.make != "Cisco"')).toEqual(['sw2']);
  });

  it('tests absence with IS NULL', () => {
    expect(ids('resource_type IS NULL')).toEqual(['host_1', 'bare']);
    expect(ids('resource_type IS NOT NULL')).toEqual(['sw1', 'sw2']);
    expect(ids('NOT resource_type IS NULL')).toEqual(['sw1', 'sw2']);
    expect(ids('resource_metadata.make IS NULL')).toEqual(['host_1', 'bare']);
  });

  it('combines unknown with AND and OR as Kleene logic does', () => {
    // unknown OR true = true; unknown AND false = false, so NOT of it is true.
    expect(ids('resource_type = "x" OR resource_site = "dc1"')).toEqual(['sw1', 'host_1']);
    expect(ids('NOT (resource_type = "x" AND resource_site = "dc9")')).toEqual([
      'sw1',
      'sw2',
      'host_1',
    ]);
    // host_1: unknown AND true = unknown, and NOT keeps it unknown.
    expect(ids('NOT (resource_type = "x" AND resource_site = "dc1")')).toEqual(['sw1', 'sw2']);
    expect(ids('NOT (resource_type = "x" OR resource_site = "dc9")')).toEqual(['sw1', 'sw2']);
  });
});

describe('compilePredicate: multi-valued fields', () => {
  interface Item {
    id: string;
    tags?: unknown;
    ports?: unknown;
  }
  const fields: FieldSet<Item> = {
    tags: { type: 'text', shape: 'multi', sql: () => sql`tags`, get: (r) => r.tags },
    ports: { type: 'number', shape: 'multi', sql: () => sql`ports`, get: (r) => r.ports },
  };
  const items: Item[] = [
    { id: 'ab', tags: ['a', 'b'], ports: [22, '80'] },
    { id: 'c', tags: ['c', null], ports: [443] },
    { id: 'empty', tags: [], ports: [] },
    { id: 'none' },
    { id: 'scalar', tags: 'a' },
  ];
  const select = (filter: string) =>
    items.filter(compilePredicate(parseFilter(filter), fields)).map((item) => item.id);

  it('holds a positive comparison when any element holds', () => {
    expect(select('tags = "a"')).toEqual(['ab', 'scalar']);
    expect(select('tags IN ("b", "c")')).toEqual(['ab', 'c']);
    expect(select('tags LIKE "A"')).toEqual(['ab', 'scalar']);
    expect(select('ports >= 80')).toEqual(['ab', 'c']);
    expect(select('ports = "80"')).toEqual(['ab']);
  });

  it('holds a negation when no element holds, and leaves empty arrays unknown', () => {
    expect(select('tags != "a"')).toEqual(['c']);
    expect(select('tags NOT IN ("a", "c")')).toEqual([]);
    expect(select('tags NOT LIKE "c"')).toEqual(['ab', 'scalar']);
    expect(select('NOT tags = "a"')).toEqual(['c']);
    expect(select('ports < 100')).toEqual(['ab']);
  });

  it('treats an absent or empty array as NULL', () => {
    expect(select('tags IS NULL')).toEqual(['empty', 'none']);
    expect(select('ports IS NOT NULL')).toEqual(['ab', 'c']);
  });
});

describe('compilePredicate: field errors', () => {
  it('names unknown fields and lists the known ones', () => {
    try {
      ids('resource_sitee = "x"');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DslFieldError);
      const fieldError = error as DslFieldError;
      expect(fieldError.field).toBe('resource_sitee');
      expect(fieldError.known).toContain('resource_metadata.<key>');
      expect([fieldError.line, fieldError.column]).toEqual([1, 1]);
      expect(fieldError.message).toMatch(
        /^line 1, column 1: unknown field "resource_sitee" \(known fields: .*resource_site,/,
      );
    }
  });

  it('refuses keys on plain fields and keyed fields without a key', () => {
    expect(() => ids('resource_site.x = "1"')).toThrow(/has no keys/);
    // Messages write keys as a filter would, quoted where they must be.
    expect(() => ids("resource_site.a.'b/c' = 1")).toThrow(
      'field "resource_site" has no keys; remove ".a."b/c""',
    );
    expect(() => ids('resource_metadata = "1"')).toThrow(/needs a key/);
    expect(() => ids('toString = "1"')).toThrow(/unknown field "tostring"/);
  });
});

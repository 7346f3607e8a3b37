// The promise of PRODUCT.md section 4: one parser, two compilers, the same answer on every input.
// Compiled SQL runs on real engines (PGlite, and PostgreSQL when reachable) and must select what
// compilePredicate selects in memory: first for chosen filters over Panoptes resources, then for
// random filters (every operator, NOT, grouping, missing keys, multi-valued fields, numbers
// against text, LIKE with wildcards and escapes) over random records.
//
// catalogue-agreement.test.ts does the same for the real field catalogues (components with
// owner through parent teams, Panoptes resources) on the migrated tables.
//
// One file opens the engines once: starting PGlite costs seconds.
import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareOp, Expr, FieldRef, Literal } from './ast.js';
import { compilePredicate } from './compile-predicate.js';
import { compileSql } from './compile-sql.js';
import type { FieldSet, FieldSpec } from './fields.js';
import { formatFilter } from './format.js';
import { parseFilter } from './parse.js';
import { type PanoptesResource, resourceFields } from './resource-fields.js';
import { openEngines, type SqlEngine } from './testing/engines.js';

interface Row {
  id: number;
  name: string | null;
  code?: string | null;
  size: number | null;
  tags: (string | null)[] | null;
  nums: (number | null)[] | null;
  meta: Record<string, string | null> | null;
}

const column = (name: string) => sql`${sql.identifier(name)}`;
const metaValue = (r: Row, key?: string) =>
  r.meta !== null && key !== undefined && Object.hasOwn(r.meta, key) ? r.meta[key] : undefined;

const fields: FieldSet<Row> = {
  name: { type: 'text', shape: 'scalar', sql: () => column('name'), get: (r) => r.name },
  code: { type: 'text', shape: 'scalar', sql: () => column('code'), get: (r) => r.code },
  size: { type: 'number', shape: 'scalar', sql: () => column('size'), get: (r) => r.size },
  tags: { type: 'text', shape: 'multi', sql: () => column('tags'), get: (r) => r.tags },
  nums: { type: 'number', shape: 'multi', sql: () => column('nums'), get: (r) => r.nums },
  meta: {
    type: 'text',
    shape: 'keyed',
    sql: (key) => sql`(meta ->> ${key}::text)`,
    get: metaValue,
  },
  // The same map read as numbers: only numeric text counts, the rest is missing.
  metanum: {
    type: 'number',
    shape: 'keyed',
    sql: (key) => sql`(meta ->> ${key}::text)`,
    get: metaValue,
  },
};

// Characters chosen to hit every rule: ASCII case, wildcards and escapes, SQL's escape
// character, quotes, numeric text, non-ASCII letters that only a Unicode lower() folds, and a
// character outside the BMP whose UTF-16 order differs from its code-point order.
const CHARS = [
  'a',
  'A',
  'b',
  'B',
  '_',
  '%',
  '\\',
  '!',
  '"',
  "'",
  '1',
  '0',
  '9',
  '.',
  '-',
  ' ',
  'é',
  'É',
  'ß',
  'ﬀ',
  '😀',
];
const text = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 4 });
const numericText = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '1.5',
    '1.50',
    '9',
    '10',
    '9.5',
    '007',
    '-0',
    '0.1',
    '100',
    '-2.5',
  ),
  fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.option(fc.nat(99), { nil: undefined }))
    .map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`)),
);
// Edge cases the character soup rarely builds: astral vs. high-BMP order, text that is almost
// numeric, and numeric text longer than double precision's range allows.
const EDGE_TEXTS = [
  'a',
  'A',
  'ab',
  '',
  '😀',
  'ﬀ',
  'a😀',
  'aﬀ',
  ' 1',
  '1 ',
  '1e3',
  '+1',
  '.5',
  '1.',
  '1'.padEnd(301, '0'),
  '9'.repeat(400),
];
const anyText = fc.oneof(text, numericText, fc.constantFrom(...EDGE_TEXTS));
const number = fc.oneof(
  fc.constantFrom(0, 1, -1, 1.5, 9, 9.5, 10, 7, 0.1, 100, -2.5, 1e21),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
);
// Keys that need the quoted form too: the formatter quotes them and the parser must read them back.
const KEYS = ['k', 'K', 'a-b', '0', 'x.y', 'app.kubernetes.io/name', 'a:b c'];

const row = (id: number) =>
  fc.record({
    id: fc.constant(id),
    name: fc.option(anyText, { freq: 4 }),
    code: fc.option(fc.option(numericText, { freq: 4 }), { nil: undefined, freq: 6 }),
    size: fc.option(number, { freq: 4 }),
    tags: fc.option(fc.array(fc.option(anyText, { freq: 6 }), { maxLength: 3 }), { freq: 4 }),
    nums: fc.option(fc.array(fc.option(number, { freq: 6 }), { maxLength: 3 }), { freq: 4 }),
    meta: fc.option(
      fc.dictionary(fc.constantFrom(...KEYS), fc.option(anyText, { freq: 6 }), { maxKeys: 4 }),
      {
        freq: 6,
      },
    ),
  }) as fc.Arbitrary<Row>;

/** Exactly `count` rows with ids 1..count. */
const rowsOf = (count: number): fc.Arbitrary<Row[]> =>
  fc.tuple(...Array.from({ length: count }, (_, i) => row(i + 1)));
const rows = (maxLength: number) => fc.integer({ min: 0, max: maxLength }).chain(rowsOf);

const literal: fc.Arbitrary<Literal> = fc.oneof(
  anyText.map((value) => ({ type: 'string', value }) as const),
  numericText.map((t) => ({ type: 'number', value: Number(t), text: t }) as const),
);

const fieldRef: fc.Arbitrary<{ ref: FieldRef; spec: FieldSpec<Row> }> = fc
  .tuple(
    fc.constantFrom('name', 'code', 'size', 'tags', 'nums', 'meta', 'metanum'),
    fc.constantFrom(...KEYS),
  )
  .map(([name, key]) => ({
    ref: { name, path: fields[name]?.shape === 'keyed' ? key.split('.') : [] },
    spec: fields[name] as FieldSpec<Row>,
  }));

const likePattern = fc.string({
  unit: fc.constantFrom('a', 'A', 'b', 'é', 'É', '😀', '1', '%', '_', '\\', '!', '.'),
  maxLength: 5,
});

const comparison: fc.Arbitrary<Expr> = fieldRef.chain(({ ref, spec }) => {
  const options: fc.Arbitrary<Expr>[] = [
    fc
      .tuple(fc.constantFrom<CompareOp>('=', '!=', '<', '<=', '>', '>='), literal)
      .map(([op, value]) => ({ kind: 'compare', field: ref, op, value })),
    fc
      .tuple(fc.boolean(), fc.array(literal, { minLength: 1, maxLength: 3 }))
      .map(([negated, values]) => ({ kind: 'in', field: ref, negated, values })),
    fc.boolean().map((negated) => ({ kind: 'null', field: ref, negated })),
  ];
  // LIKE on a number field is refused at compile time (tested elsewhere).
  if (spec.type === 'text') {
    options.push(
      fc
        .tuple(fc.boolean(), likePattern)
        .map(([negated, pattern]) => ({ kind: 'like', field: ref, negated, pattern })),
    );
  }
  return fc.oneof(...options);
});

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    tie('expr').map((arg) => ({ kind: 'not', arg }) as Expr),
    fc
      .array(tie('expr'), { minLength: 2, maxLength: 3 })
      .map((args) => ({ kind: 'and', args }) as Expr),
    fc
      .array(tie('expr'), { minLength: 2, maxLength: 3 })
      .map((args) => ({ kind: 'or', args }) as Expr),
  ),
}));

const resources: PanoptesResource[] = [
  {
    resource_id: 'sw1',
    resource_site: 'dc1',
    resource_class: 'network',
    resource_type: 'cisco',
    resource_endpoint: '10.0.0.1',
    resource_creation_timestamp: 1532023147.34,
    resource_metadata: { make: 'Cisco', model: '4948E', os_version: '15.10', weird: '1e5' },
  },
  {
    resource_id: 'sw2',
    resource_site: 'dc2',
    resource_class: 'network',
    resource_type: 'arista',
    resource_creation_timestamp: 1512629517.03121,
    resource_metadata: { make: 'Arista', model: 'r_1', os_version: '4.2', note: 'a\\b' },
  },
  {
    resource_id: 'h1',
    resource_site: 'dc1',
    resource_class: 'system',
    resource_metadata: { make: 'É' },
  },
  { resource_id: 'bare', resource_metadata: {} },
];

const filters: [string, string[]][] = [
  ['resource_class = "network" AND resource_metadata.make NOT LIKE "arista%"', ['sw1']],
  ['resource_metadata.os_version > 5', ['sw1']],
  ['resource_metadata.os_version > "5"', []],
  ['resource_metadata.weird > 10', ['sw1']],
  ['resource_metadata.model LIKE "r\\_1"', ['sw2']],
  ['resource_metadata.note = "a\\b" AND resource_metadata.note LIKE "A\\B"', ['sw2']],
  ['resource_metadata.make LIKE "é"', []],
  ['resource_metadata.make = "É"', ['h1']],
  ['NOT (resource_type = "x" AND resource_site = "dc1")', ['sw1', 'sw2']],
  ['resource_type != "cisco" OR resource_type IS NULL', ['sw2', 'h1', 'bare']],
  ['resource_creation_timestamp < 1520000000', ['sw2']],
  ['resource_creation_timestamp != "soon"', ['sw1', 'sw2']],
  ['resource_creation_timestamp IN ("x", 1532023147.34)', ['sw1']],
  ['resource_metadata.make NOT IN ("Cisco", "É")', ['sw2']],
  ['resource_endpoint IS NOT NULL', ['sw1']],
];

function withoutPositions(value: Expr): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'position' ? undefined : v)));
}

let engines: SqlEngine[] = [];

beforeAll(async () => {
  engines = await openEngines();
  for (const engine of engines) {
    await engine.exec(`CREATE TEMP TABLE r (
      resource_id text, resource_site text, resource_class text, resource_subclass text,
      resource_type text, resource_endpoint text, resource_plugin text,
      resource_creation_timestamp double precision, resource_metadata jsonb)`);
    await engine.query('INSERT INTO r SELECT * FROM jsonb_populate_recordset(NULL::r, $1::jsonb)', [
      JSON.stringify(resources),
    ]);
    // On PostgreSQL, give the text columns a linguistic collation when the server has one:
    // the compiled SQL must not depend on column or database collations.
    const icu =
      engine.name === 'postgres' &&
      (await engine.select(sql`SELECT 1 FROM pg_collation WHERE collname = 'en-US-x-icu'`)).length >
        0;
    const collate = icu ? ' COLLATE "en-US-x-icu"' : '';
    await engine.exec(`CREATE TEMP TABLE t (
      id integer PRIMARY KEY, name text${collate}, code text${collate}, size double precision,
      tags text[]${collate}, nums double precision[], meta jsonb)`);
  }
});

afterAll(async () => {
  for (const engine of engines) await engine.close();
});

describe('compileSql on real engines, for chosen filters over Panoptes resources', () => {
  it('selects what the predicate selects, and what is expected', async () => {
    for (const engine of engines) {
      for (const [filter, expected] of filters) {
        const expr = parseFilter(filter);
        const rows = await engine.select(
          sql`SELECT resource_id FROM r WHERE ${compileSql(expr, resourceFields)} ORDER BY resource_id`,
        );
        const fromSql = rows.map((row) => String(row.resource_id));
        const inMemory = resources
          .filter(compilePredicate(expr, resourceFields))
          .map((r) => String(r.resource_id));
        expect(fromSql, `${engine.name}: ${filter}`).toEqual([...expected].sort());
        expect(inMemory.sort(), `memory: ${filter}`).toEqual([...expected].sort());
      }
    }
  });
});

describe('compileSql and compilePredicate agree on random filters', () => {
  async function load(records: Row[]): Promise<void> {
    for (const engine of engines) {
      await engine.exec('DELETE FROM t');
      if (records.length === 0) continue;
      await engine.query(
        'INSERT INTO t SELECT * FROM jsonb_populate_recordset(NULL::t, $1::jsonb)',
        [JSON.stringify(records)],
      );
    }
  }

  /** Goes through the text form, so the parser and the formatter are part of the property. */
  async function check(tree: Expr, records: Row[]): Promise<void> {
    const filter = formatFilter(tree);
    const parsed = parseFilter(filter);
    expect(withoutPositions(parsed), filter).toEqual(withoutPositions(tree));
    const predicate = compilePredicate(parsed, fields);
    const expected = records
      .filter(predicate)
      .map((r) => r.id)
      .sort((a, b) => a - b);
    const where: SQL = compileSql(parsed, fields);
    for (const engine of engines) {
      const selected = await engine.select(sql`SELECT id FROM t WHERE ${where} ORDER BY id`);
      expect(
        selected.map((r) => Number(r.id)),
        `${engine.name}: ${filter}\nrecords: ${JSON.stringify(records)}`,
      ).toEqual(expected);
    }
  }

  it('on a fixed random table, for random filters', async () => {
    const records = fc.sample(rowsOf(150), { numRuns: 1, seed: 4 })[0] as Row[];
    await load(records);
    await fc.assert(
      fc.asyncProperty(expr, (tree) => check(tree, records)),
      {
        numRuns: 500,
        seed: process.env.DSL_PROPERTY_SEED ? Number(process.env.DSL_PROPERTY_SEED) : undefined,
      },
    );
  });

  it('on random small tables, for random filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        rows(6),
        fc.array(expr, { minLength: 1, maxLength: 3 }),
        async (records, trees) => {
          await load(records);
          for (const tree of trees) await check(tree, records);
        },
      ),
      { numRuns: 100 },
    );
  });
});

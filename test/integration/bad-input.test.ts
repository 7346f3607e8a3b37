// Bad bytes, bad cursors, empty filters and deep JSON on every endpoint, generated from the
// OpenAPI document: a new route is covered without new test code. Each must answer 400
// problem+json naming the field, never 500, and write nothing.
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

interface Schema {
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  minimum?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Parameter {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const MAX_JSON_DEPTH = 32;
const t = await startTestApp({ maxJsonDepth: MAX_JSON_DEPTH, loginRateMax: 1_000_000 });
const admin = await t.user('root', { admin: true });
afterAll(() => t.close());

const spec = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    name: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    op,
  })),
);
type Op = (typeof operations)[number];

/** Bad characters as a client sends them: in JSON (escaped by JSON.stringify) and in URLs. */
const BAD = [
  { what: 'NUL', text: 'a\u0000b', url: 'a%00b', reason: /NUL/ },
  { what: 'lone surrogate', text: 'a\ud800b', url: 'a%ED%A0%80b', reason: /surrogate|UTF-8/ },
];

const params = (op: Op, where: Parameter['in']) =>
  (op.op.parameters ?? []).filter((p) => p.in === where);
const isString = (schema: Schema | undefined) =>
  schema?.type === 'string' || (schema?.anyOf ?? schema?.oneOf ?? []).some(isString);
const jsonSchema = (op: Op) => op.op.requestBody?.content['application/json']?.schema;

/** The path with every parameter filled by a harmless value, or `bad` in `badParam`. */
function url(op: Op, badParam?: string, bad?: string, query = ''): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === badParam ? bad! : 'x'));
  return query ? `${path}?${query}` : path;
}

/** A small body the schema describes: its required properties with plain values. */
function minimal(schema: Schema): unknown {
  const alternative = schema.anyOf ?? schema.oneOf;
  if (alternative) return minimal(alternative.find((s) => s.type !== 'null') ?? {});
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => minimal(s) as object));
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00.000Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, minimal(schema.properties?.[key] ?? {})]),
      );
    default:
      return 'x';
  }
}

interface Slot {
  /** Where the bad string goes in the body. */
  path: string[];
  /** `key`: the bad string is an object key (labels, annotations). */
  as: 'value' | 'key';
}

/** Every place in the schema a string goes: properties, array items, map values and keys. */
function stringSlots(schema: Schema, path: string[] = [], depth = 0): Slot[] {
  if (depth > 3) return [];
  const alternative = schema.anyOf ?? schema.oneOf;
  if (alternative) return alternative.flatMap((s) => stringSlots(s, path, depth));
  if (isString(schema)) return [{ path, as: 'value' }];
  if (schema.type === 'array' && schema.items)
    return stringSlots(schema.items, [...path, '0'], depth + 1);
  const slots = Object.entries(schema.properties ?? {}).flatMap(([key, s]) =>
    stringSlots(s, [...path, key], depth + 1),
  );
  if (typeof schema.additionalProperties === 'object') {
    slots.push({ path, as: 'key' });
    slots.push(...stringSlots(schema.additionalProperties, [...path, 'k'], depth + 1));
  }
  return slots;
}

/** `minimal` with `bad` put at `slot`, creating the objects and arrays on the way. */
function withBad(body: unknown, slot: Slot, bad: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  const keys = slot.as === 'key' ? slot.path : slot.path.slice(0, -1);
  for (const [i, key] of keys.entries()) {
    const next = slot.as === 'key' && i === keys.length - 1 ? {} : node[key];
    node[key] =
      next !== null && typeof next === 'object'
        ? next
        : /^\d+$/.test(slot.path[i + 1] ?? '')
          ? []
          : {};
    node = node[key] as Record<string, unknown>;
  }
  if (slot.as === 'key') node[bad] = 'x';
  else node[slot.path.at(-1)!] = bad;
  return copy;
}

/** What a client is told: 400 problem+json naming `field`, or the reason it is not. */
async function refusal(
  request: { method: string; url: string; payload?: string },
  field: string,
  reason?: RegExp,
): Promise<string | undefined> {
  const answer = await t.request(admin, {
    ...request,
    headers: request.payload !== undefined ? { 'content-type': 'application/json' } : {},
  });
  const said = `${request.method} ${request.url} ${request.payload?.slice(0, 120) ?? ''} -> ${answer.statusCode} ${answer.body.slice(0, 300)}`;
  if (answer.statusCode !== 400) return said;
  if (!answer.headers['content-type']?.toString().startsWith('application/problem+json'))
    return said;
  const problems = (answer.json().problems ?? []) as { field: string; reason: string }[];
  const named = problems.find((p) => p.field === field);
  if (!named || (reason && !reason.test(named.reason))) return `${said} (expected field ${field})`;
  return undefined;
}

async function counts(): Promise<Record<string, unknown>> {
  const result = await t.database.db.execute(
    sql`SELECT (SELECT count(*) FROM audit_events)::int AS audit, (SELECT count(*) FROM people)::int AS people,
      (SELECT count(*) FROM components)::int AS components, (SELECT count(*) FROM api_tokens)::int AS tokens,
      (SELECT count(*) FROM sessions)::int AS sessions`,
  );
  return ((result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]))[0] as Record<
    string,
    unknown
  >;
}
const before = await counts();

/** Registers a test only where the operation has what it exercises, not a pile of skips. */
function itWhere(applies: boolean, name: string, test: () => Promise<void>): void {
  if (applies) it(name, test);
}

describe.each(operations)('$name', (op) => {
  it('refuses NUL and lone surrogates in every string query parameter and path segment', async () => {
    const failures: (string | undefined)[] = [];
    for (const bad of BAD) {
      for (const p of params(op, 'query').filter((p) => isString(p.schema))) {
        const query = `${encodeURIComponent(p.name)}=${bad.url}`;
        failures.push(
          await refusal(
            { method: op.method, url: url(op, undefined, undefined, query) },
            `query.${p.name}`,
            bad.reason,
          ),
        );
      }
      for (const p of params(op, 'path')) {
        failures.push(
          await refusal(
            { method: op.method, url: url(op, p.name, bad.url) },
            `params.${p.name}`,
            bad.reason,
          ),
        );
      }
    }
    expect(failures.filter(Boolean)).toEqual([]);
  });

  const schema = jsonSchema(op);
  itWhere(
    schema !== undefined,
    'refuses NUL and lone surrogates in every string of the JSON body',
    async () => {
      const body = minimal(schema!);
      const slots = stringSlots(schema!);
      expect(slots.length).toBeGreaterThan(0);
      const failures: (string | undefined)[] = [];
      for (const bad of BAD) {
        for (const slot of slots) {
          const field =
            slot.as === 'key'
              ? [...slot.path, JSON.stringify(bad.text).slice(1, -1)].join('.')
              : slot.path.join('.');
          const payload = JSON.stringify(withBad(body, slot, bad.text));
          failures.push(
            await refusal({ method: op.method, url: url(op), payload }, field, bad.reason),
          );
        }
      }
      expect(failures.filter(Boolean)).toEqual([]);
    },
  );

  itWhere(
    schema !== undefined,
    `refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    async () => {
      const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const tooDeep = await refusal(
        { method: op.method, url: url(op), payload: nested(MAX_JSON_DEPTH + 1) },
        'body',
        /deeper than 32/,
      );
      expect(tooDeep).toBeUndefined();
      // At the limit the body is parsed (and then judged by the route's schema, not by depth).
      const atLimit = await t.request(admin, {
        method: op.method,
        url: url(op),
        headers: { 'content-type': 'application/json' },
        payload: nested(MAX_JSON_DEPTH),
      });
      expect(atLimit.statusCode).toBeLessThan(500);
      expect(atLimit.body).not.toMatch(/deeper than/);
    },
  );

  const cursor = params(op, 'query').find((p) => p.name === 'cursor');
  itWhere(cursor !== undefined, 'refuses cursors it did not return', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    const cursors = [
      'not a cursor',
      encode({ a: 1 }),
      encode([]),
      encode(['a']),
      encode(['a', 'not-a-uuid']),
      encode(['a', 42]),
      encode([null, id]),
      encode(['a\u0000b', id]),
      encode(['a', id, 'extra']),
    ];
    const cases = cursors.map((value) => `cursor=${encodeURIComponent(value)}`);
    // A list sorted by time keeps a timestamp in its cursor: a broken date there too.
    if (params(op, 'query').some((p) => p.name === 'sort')) {
      const byTime = await t.request(admin, {
        method: op.method,
        url: url(op, undefined, undefined, 'sort=-updated'),
      });
      if (byTime.statusCode === 200)
        cases.push(`sort=-updated&cursor=${encode(['not a date', id])}`);
    }
    const failures: (string | undefined)[] = [];
    for (const query of cases) {
      const request = { method: op.method, url: url(op, undefined, undefined, query) };
      // An integer cursor (history) is refused by the schema, which names it query.cursor.
      const answer = await refusal(request, 'cursor');
      failures.push(answer && (await refusal(request, 'query.cursor')));
    }
    expect(failures.filter(Boolean)).toEqual([]);
  });

  const filter = params(op, 'query').find((p) => p.name === 'filter');
  itWhere(
    filter !== undefined,
    'refuses a filter that is present but empty (PRODUCT 4)',
    async () => {
      for (const value of ['', '%20%20']) {
        const answer = await refusal(
          { method: op.method, url: url(op, undefined, undefined, `filter=${value}`) },
          'filter',
          /empty/,
        );
        expect(answer).toBeUndefined();
      }
    },
  );
});

describe('after every refusal', () => {
  it('nothing was written', async () => {
    expect(await counts()).toEqual(before);
  });

  it('covered the endpoints that take input', () => {
    const covered = operations.filter(
      (op) =>
        jsonSchema(op) || (op.op.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query'),
    );
    expect(covered.length).toBeGreaterThan(20);
    expect(operations.some((op) => params(op, 'query').some((p) => p.name === 'cursor'))).toBe(
      true,
    );
  });
});

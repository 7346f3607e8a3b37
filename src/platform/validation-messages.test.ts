import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installValidationMessages } from './validation-messages.js';

beforeAll(() => installValidationMessages());

/** The reasons Zod gives for `input` against `schema`, as "path: reason". */
function reasons(schema: z.ZodType, input: unknown): string[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error(`${JSON.stringify(input)} was accepted`);
  return parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
}

const CASES: [z.ZodType, unknown, string][] = [
  // strings
  [z.object({ name: z.string().max(63) }), { name: 'x'.repeat(64) }, 'name: at most 63 characters'],
  [z.object({ name: z.string().min(3) }), { name: 'ab' }, 'name: at least 3 characters'],
  [z.object({ name: z.string().min(1) }), { name: '' }, 'name: must not be empty'],
  [z.object({ pin: z.string().length(4) }), { pin: '123' }, 'pin: exactly 4 characters'],
  [z.object({ c: z.string().max(1) }), { c: 'ab' }, 'c: at most 1 character'],
  // numbers
  [z.object({ port: z.number().max(65535) }), { port: 70000 }, 'port: must be at most 65535'],
  [z.object({ port: z.number().min(1) }), { port: 0 }, 'port: must be at least 1'],
  [z.object({ kloc: z.number().nonnegative() }), { kloc: -1 }, 'kloc: must be at least 0'],
  [z.object({ share: z.number().lt(1) }), { share: 1 }, 'share: must be less than 1'],
  [z.object({ share: z.number().positive() }), { share: 0 }, 'share: must be more than 0'],
  [z.object({ n: z.number().multipleOf(5) }), { n: 7 }, 'n: must be a multiple of 5'],
  [z.object({ n: z.number().int() }), { n: 1.5 }, 'n: must be a whole number'],
  // arrays
  [
    z.object({ tags: z.array(z.string()).max(2) }),
    { tags: ['a', 'b', 'c'] },
    'tags: at most 2 items',
  ],
  [z.object({ tags: z.array(z.string()).min(1) }), { tags: [] }, 'tags: must have at least 1 item'],
  [z.object({ tags: z.array(z.string()).min(2) }), { tags: ['a'] }, 'tags: at least 2 items'],
  // types
  [z.object({ name: z.string() }), {}, 'name: is required'],
  [z.object({ name: z.string() }), { name: 5 }, 'name: must be text, not a number'],
  [z.object({ on: z.boolean() }), { on: 'yes' }, 'on: must be true or false, not text'],
  [z.object({ tags: z.array(z.string()) }), { tags: 'a' }, 'tags: must be a list, not text'],
  [z.object({ links: z.object({}) }), { links: [] }, 'links: must be an object, not a list'],
  [z.object({ n: z.number() }), { n: null }, 'n: must be a number, not null'],
  // values and enums
  [
    z.object({ lifecycle: z.enum(['new', 'mature', 'eol']) }),
    { lifecycle: 'old' },
    'lifecycle: must be one of: new, mature, eol',
  ],
  [z.object({ format: z.literal('argus') }), { format: 'x' }, 'format: must be "argus"'],
  // formats
  [z.object({ email: z.email() }), { email: 'nobody' }, 'email: must be an email address'],
  [z.object({ url: z.url() }), { url: 'not a url' }, 'url: must be a URL'],
  [z.object({ id: z.uuid() }), { id: '42' }, 'id: must be a UUID'],
  [
    z.object({ at: z.iso.datetime() }),
    { at: 'noon' },
    'at: must be an ISO 8601 date and time (2024-03-15T10:00:00Z)',
  ],
  [
    z.object({ code: z.string().regex(/^[a-z]+$/) }),
    { code: 'A1' },
    'code: must match the pattern /^[a-z]+$/',
  ],
  [
    z.object({ ref: z.string().startsWith('component:') }),
    { ref: 'x' },
    'ref: must start with "component:"',
  ],
  // objects, unions, custom checks
  [
    z.strictObject({ name: z.string() }),
    { name: 'a', nmae: 'b' },
    '(input): has a field Argus does not know: "nmae"',
  ],
  [z.strictObject({}), { a: 1, b: 2 }, '(input): has fields Argus does not know: "a", "b"'],
  [
    z.object({ v: z.union([z.string(), z.number()]) }),
    { v: true },
    'v: matches none of the accepted forms',
  ],
  [z.object({ v: z.string().refine((s) => s === 'ok') }), { v: 'no' }, 'v: is not valid'],
  [
    z.object({ m: z.record(z.string().max(2), z.string()) }),
    { m: { abc: 'x' } },
    'm.abc: is not an allowed key',
  ],
];

describe('validator reasons as sentences', () => {
  it.each(CASES.map(([schema, input, reason]) => ({ schema, input, reason })))(
    '$reason',
    ({ schema, input, reason }) => {
      expect(reasons(schema, input)).toEqual([reason]);
    },
  );

  it("keeps a schema's own message", () => {
    const username = z.string().regex(/^[a-z]+$/, 'letters only');
    expect(reasons(z.object({ u: username }), { u: '1' })).toEqual(['u: letters only']);
    const custom = z
      .string()
      .superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'no, because' }));
    expect(reasons(z.object({ v: custom }), { v: 'x' })).toEqual(['v: no, because']);
  });

  it("never uses Zod's developer wording", () => {
    const all = reasons(
      z.object({
        a: z.string().max(1),
        b: z.number().min(2),
        c: z.array(z.number()).max(0),
        d: z.enum(['x']),
      }),
      { a: 'xx', b: 1, c: [1], d: 'y' },
    ).join('\n');
    expect(all).not.toMatch(/Too big|Too small|Invalid input|expected string|<=|>=/);
  });
});

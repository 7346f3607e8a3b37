import { describe, expect, it } from 'vitest';
import { formatFilter } from './format.js';
import { parseFilter } from './parse.js';

describe('formatFilter', () => {
  it('writes a canonical form that parses back to the same tree', () => {
    const cases = [
      'a = 1 OR (b = 2 OR c = 3)',
      '(a = 1 OR b = 2) AND NOT (c = 3 AND d = 4)',
      'NOT NOT a.B-c.d_1 IS NOT NULL',
      'x NOT IN ("a\\"b", 1.50, \'c\\\\d\')',
      'x NOT LIKE "r\\_1\\x"',
      "labels.\"app.kubernetes.io/name\" = 'web' AND annotations.'a:b'.c-d IS NULL",
      'm."say \\"hi\\"".x."back\\\\slash" IN (1)',
    ];
    for (const text of cases) {
      const formatted = formatFilter(parseFilter(text));
      expect(formatFilter(parseFilter(formatted))).toBe(formatted);
      expect(stripPositions(parseFilter(formatted))).toEqual(stripPositions(parseFilter(text)));
    }
    expect(formatFilter(parseFilter('a eq 1 and (b <> "x" or c is null)'))).toBe(
      'a = 1 AND (b != "x" OR c IS NULL)',
    );
  });

  it('refuses names the language cannot spell', () => {
    expect(() =>
      formatFilter({ kind: 'null', field: { name: 'and', path: [] }, negated: false }),
    ).toThrow();
    expect(() =>
      formatFilter({ kind: 'null', field: { name: 'm', path: [''] }, negated: false }),
    ).toThrow();
  });

  it('quotes exactly the keys that need it', () => {
    const field = { name: 'labels', path: ['team', 'app.kubernetes.io/name', 'a b', 'x"y'] };
    const text = formatFilter({ kind: 'null', field, negated: true });
    expect(text).toBe('labels.team."app.kubernetes.io/name"."a b"."x\\"y" IS NOT NULL');
    expect(stripPositions(parseFilter(text))).toEqual({ kind: 'null', field, negated: true });
  });
});

function stripPositions(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'position' ? undefined : v)));
}

import { describe, expect, it } from 'vitest';
import { Invalid } from '../../platform/errors.js';
import { jsonErrorOffset, lineColumn, parseJson } from './input.js';

describe('parseJson', () => {
  it('parses valid JSON', () => {
    expect(parseJson('{"a": [1, "x", true, null]}')).toEqual({ a: [1, 'x', true, null] });
  });

  it.each([
    ['{\n  "a": 1,\n  "b": [}\n', 3, 9],
    ['[{"a": 1,\n "b": 2,}]', 2, 9],
    ['{"a": tru}', 1, 7],
    ['{"a": 1} x', 1, 10],
    ['', 1, 1],
    ['{"a": "unterminated', 1, 20],
  ])('names the line and column of %j', (text, line, column) => {
    try {
      parseJson(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).problems[0]!.field).toBe(`line ${line}, column ${column}`);
      expect((error as Invalid).problems[0]!.reason).toMatch(/^not valid JSON/);
    }
  });

  it('finds no error in valid JSON', () => {
    const text = '{"a": [1.5e3, -2, "\\u00e9\\n"], "b": {}}';
    expect(jsonErrorOffset(text)).toBe(text.length);
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { compileMatchers, parseSelector, SelectorError, unquote } from './selector.js';

describe('parseSelector', () => {
  it('reads a metric name and the four kinds of matcher', () => {
    expect(parseSelector('if_bits{a="x", b!="y", c=~"z.*", d!~\'w\'}')).toEqual([
      { name: '__name__', op: '=', value: 'if_bits' },
      { name: 'a', op: '=', value: 'x' },
      { name: 'b', op: '!=', value: 'y' },
      { name: 'c', op: '=~', value: 'z.*' },
      { name: 'd', op: '!~', value: 'w' },
    ]);
  });

  it('reads a name given as a matcher, and quoted names', () => {
    expect(parseSelector('{__name__="up"}')).toEqual([{ name: '__name__', op: '=', value: 'up' }]);
    expect(parseSelector('{"my.metric", "a.b"="c"}')).toEqual([
      { name: '__name__', op: '=', value: 'my.metric' },
      { name: 'a.b', op: '=', value: 'c' },
    ]);
  });

  it('unescapes string literals as Go does', () => {
    expect(unquote('"a\\"b\\\\c\\n"')).toBe('a"b\\c\n');
    expect(unquote("'it\\'s'")).toBe("it's");
    expect(unquote('`raw\\n`')).toBe('raw\\n');
    expect(unquote('"\\x41\\u00e9"')).toBe('Aé');
  });

  it.each([
    ['rate(x[5m])', /only plain selectors.*function call/],
    ['x + 1', /only plain selectors.*operator/],
    ['sum(x)', /only plain selectors.*aggregation/],
    ['x[5m]', /only plain selectors.*range selector/],
    ['x offset 5m', /only plain selectors.*offset/],
    ['(x)', /only plain selectors.*parentheses/],
    ['42', /only plain selectors.*number/],
    ['x{', /syntax error at column/],
    ['x{a=}', /syntax error at column/],
    ['', /empty query/],
    ['{a=~".*"}', /matches every series/],
    ['{a=""}', /matches every series/],
    ['x{a=~"("}', /bad regular expression for a/],
  ])('refuses %s', (query, message) => {
    expect(() => parseSelector(query)).toThrow(SelectorError);
    expect(() => parseSelector(query)).toThrow(message);
  });
});

describe('compileMatchers', () => {
  const match = (selector: string, labels: Record<string, string>) =>
    compileMatchers(parseSelector(selector))(labels);

  it('anchors regular expressions at both ends', () => {
    expect(match('x{a=~"et"}', { __name__: 'x', a: 'eth0' })).toBe(false);
    expect(match('x{a=~"eth.*"}', { __name__: 'x', a: 'eth0' })).toBe(true);
    expect(match('x{a!~"eth.*"}', { __name__: 'x', a: 'eth0' })).toBe(false);
  });

  it('treats a missing label as empty', () => {
    expect(match('x{a=""}', { __name__: 'x' })).toBe(true);
    expect(match('x{a!=""}', { __name__: 'x' })).toBe(false);
    expect(match('x{a="1"}', { __name__: 'y', a: '1' })).toBe(false);
  });
});

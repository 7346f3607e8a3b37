import { describe, expect, it } from 'vitest';
import { compileLikeMatcher, parseLikePattern, toSqlLikePattern } from './like.js';

const like = (value: string, pattern: string) =>
  compileLikeMatcher(parseLikePattern(pattern))(value);

describe('parseLikePattern', () => {
  it('reads %, _, escaped wildcards and kept backslashes', () => {
    expect(parseLikePattern('a%b_c')).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'any' },
      { kind: 'literal', text: 'b' },
      { kind: 'one' },
      { kind: 'literal', text: 'c' },
    ]);
    expect(parseLikePattern('r\\_1\\%')).toEqual([{ kind: 'literal', text: 'r_1%' }]);
    expect(parseLikePattern('C:\\temp\\')).toEqual([{ kind: 'literal', text: 'C:\\temp\\' }]);
    expect(parseLikePattern('%%a%%%')).toEqual([
      { kind: 'any' },
      { kind: 'literal', text: 'a' },
      { kind: 'any' },
    ]);
  });

  it('writes SQL patterns with ! as the escape character', () => {
    expect(toSqlLikePattern(parseLikePattern('50\\%_off!%'))).toBe('50!%_off!!%');
    expect(toSqlLikePattern(parseLikePattern('a\\b'))).toBe('a\\b');
  });
});

describe('compileLikeMatcher', () => {
  it('matches % as any run and _ as one character', () => {
    expect(like('Arista 7050', 'arista%')).toBe(true);
    expect(like('arista', 'arista%')).toBe(true);
    expect(like('my arista', 'arista%')).toBe(false);
    expect(like('abc', '%b%')).toBe(true);
    expect(like('abc', '%')).toBe(true);
    expect(like('', '%')).toBe(true);
    expect(like('', '')).toBe(true);
    expect(like('a', '')).toBe(false);
    expect(like('abc', 'a_c')).toBe(true);
    expect(like('ac', 'a_c')).toBe(false);
    expect(like('abbc', 'a_c')).toBe(false);
    expect(like('aXbYc', 'a%b%c')).toBe(true);
    expect(like('acb', 'a%b%c')).toBe(false);
    expect(like('aba', 'a%a')).toBe(true);
    expect(like('a', 'a%a')).toBe(false);
    expect(like('xyzxyz', '%xyz_yz')).toBe(true);
    expect(like('xyzyz', '%xyz_yz')).toBe(false);
    expect(like('xyzxyzAyz', '%xyz_yz')).toBe(true);
  });

  it('makes escaped wildcards literal and keeps other backslashes', () => {
    expect(like('r_1', 'r\\_1')).toBe(true);
    expect(like('rx1', 'r\\_1')).toBe(false);
    expect(like('100%', '100\\%')).toBe(true);
    expect(like('1000', '100\\%')).toBe(false);
    expect(like('C:\\temp', 'c:\\temp')).toBe(true);
  });

  it('ignores the case of ASCII letters only, as PostgreSQL under COLLATE "C"', () => {
    expect(like('ARISTA', 'arista')).toBe(true);
    expect(like('arista', 'ARISTA')).toBe(true);
    expect(like('É', 'é')).toBe(false);
    expect(like('straße', 'STRASSE')).toBe(false);
  });

  it('counts a character outside the BMP as one character', () => {
    expect(like('a😀b', 'a_b')).toBe(true);
    expect(like('😀', '_')).toBe(true);
    expect(like('😀', '__')).toBe(false);
    expect(like('x😀', '%_')).toBe(true);
    expect(like('😀x😀', '%x_')).toBe(true);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const value = 'a'.repeat(5000);
    const started = performance.now();
    expect(like(value, `${'%a'.repeat(30)}%b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

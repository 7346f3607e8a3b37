import { describe, expect, it } from 'vitest';
import { badCharacters } from '../platform/text.js';
import { jsonDepth } from './input-guard.js';

describe('jsonDepth', () => {
  it('counts nested objects and arrays, not brackets inside strings', () => {
    expect(jsonDepth('1', 32)).toBe(0);
    expect(jsonDepth('{"a":[{"b":[]}]}', 32)).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{","b":"\\"[[[["}', 32)).toBe(1);
    expect(jsonDepth('[[],[],[[]]]', 32)).toBe(3);
  });

  it('stops counting once past the limit', () => {
    expect(jsonDepth('['.repeat(1_000_000), 32)).toBe(33);
  });
});

describe('badCharacters', () => {
  it('refuses NUL and lone surrogates, and accepts surrogate pairs', () => {
    expect(badCharacters('a\u0000b')).toMatch(/NUL/);
    expect(badCharacters('a\ud800b')).toMatch(/lone surrogate/);
    expect(badCharacters('\udc00')).toMatch(/lone surrogate/);
    expect(badCharacters('emoji 😀 and 日本')).toBeUndefined();
  });
});

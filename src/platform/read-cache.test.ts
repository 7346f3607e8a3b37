import { describe, expect, it } from 'vitest';
import { GenerationCache } from './read-cache.js';

describe('GenerationCache', () => {
  it('answers only within the generation it was filled in', () => {
    const cache = new GenerationCache<number>();
    cache.set(3, 'a', 1);
    expect(cache.get(3, 'a')).toBe(1);
    expect(cache.get(4, 'a')).toBeUndefined();
    cache.set(4, 'b', 2);
    expect(cache.get(3, 'a')).toBeUndefined();
    cache.set(3, 'late', 9); // computed before the newer write: dropped
    expect(cache.get(4, 'late')).toBeUndefined();
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new GenerationCache<number>(2);
    cache.set(1, 'a', 1);
    cache.set(1, 'b', 2);
    cache.get(1, 'a');
    cache.set(1, 'c', 3);
    expect(cache.get(1, 'b')).toBeUndefined();
    expect(cache.get(1, 'a')).toBe(1);
    expect(cache.get(1, 'c')).toBe(3);
  });
});

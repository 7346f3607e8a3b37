import { describe, expect, it } from 'vitest';
import { moved } from './reorder.js';

describe('moving an item of an ordered list (sets, levels)', () => {
  it('moves one place up or down and keeps the others in order', () => {
    expect(moved(['bronze', 'silver', 'gold'], 2, -1)).toEqual(['bronze', 'gold', 'silver']);
    expect(moved(['bronze', 'silver', 'gold'], 0, 1)).toEqual(['silver', 'bronze', 'gold']);
  });

  it('stays inside the list at either end', () => {
    expect(moved(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moved(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});

import { describe, expect, it } from 'vitest';
import { completeOrder, moveTo } from './order.js';

describe('moveTo', () => {
  it('moves an id to a place, inserts a new one, and keeps it where it is without a place', () => {
    expect(moveTo(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(moveTo(['a', 'b', 'c'], 'a', 2)).toEqual(['b', 'c', 'a']);
    expect(moveTo(['a', 'b'], 'n', 1)).toEqual(['a', 'n', 'b']);
    expect(moveTo(['a', 'b'], 'n', undefined)).toEqual(['a', 'b', 'n']);
    expect(moveTo(['a', 'b', 'c'], 'b', undefined)).toEqual(['a', 'b', 'c']);
  });

  it('clamps a place beyond the end', () => {
    expect(moveTo(['a', 'b'], 'a', 99)).toEqual(['b', 'a']);
  });
});

describe('completeOrder', () => {
  const rows = [
    { id: 'id-1', name: 'Bronze', position: 0 },
    { id: 'id-2', name: 'Silver', position: 1 },
    { id: 'id-3', name: 'Gold', position: 2 },
  ];

  it('reads every row by name or id, ignoring case', () => {
    expect(completeOrder(rows, ['gold', 'ID-1', 'Silver'], 'levels', 'level')).toEqual([
      'id-3',
      'id-1',
      'id-2',
    ]);
  });

  it('names the place of an unknown or repeated one, and what is left out', () => {
    expect(() => completeOrder(rows, ['Gold', 'Tin'], 'levels', 'level')).toThrow(
      expect.objectContaining({ problems: [{ field: 'levels[1]', reason: 'no level "Tin"' }] }),
    );
    expect(() => completeOrder(rows, ['Gold', 'gold'], 'levels', 'level')).toThrow(
      expect.objectContaining({
        problems: [{ field: 'levels[1]', reason: '"Gold" is named twice' }],
      }),
    );
    expect(() => completeOrder(rows, ['Gold'], 'levels', 'level')).toThrow(
      expect.objectContaining({
        problems: [{ field: 'levels', reason: 'name every level: "Bronze", "Silver" missing' }],
      }),
    );
  });
});

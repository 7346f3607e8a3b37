import { describe, expect, it } from 'vitest';
import { MultiColumn, ScalarColumn, SlotIds, uuidWords } from './facet-index-columns.js';

/** A small deterministic generator, so a failure repeats. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const VALUES = ['a', 'b', 'c', 'd', null];

describe('facet index columns', () => {
  it('an array column keeps every slot right through rewrites, growth and compaction', () => {
    const next = random(7);
    const column = new MultiColumn(16);
    const expected: (string | null)[][] = [];
    column.set(3, ['a', 'b']);
    expected[3] = ['a', 'b'];
    column.grow(200);
    // Far more elements written than the initial 1024, most of them overwritten: the column
    // both grows and compacts its garbage.
    for (let step = 0; step < 20_000; step++) {
      const slot = next(200);
      const values = Array.from({ length: next(6) }, () => VALUES[next(VALUES.length)]!);
      if (next(10) === 0) {
        column.clear(slot);
        expected[slot] = [];
      } else {
        column.set(slot, values);
        expected[slot] = values;
      }
    }
    const selected = new Uint32Array(200);
    let n = 0;
    for (let slot = 0; slot < 200; slot++) {
      expect(column.get(slot)).toEqual(expected[slot] ?? []);
      if (slot % 3 === 0) selected[n++] = slot;
    }
    const naive = new Map<string | null, number>();
    for (let i = 0; i < n; i++)
      for (const v of expected[selected[i]!] ?? []) naive.set(v, (naive.get(v) ?? 0) + 1);
    const tally = column.tally(selected, n);
    expect(new Map(tally.map((t) => [t.value, t.count]))).toEqual(naive);
  });

  it('a scalar column counts NULL as a value of its own', () => {
    const column = new ScalarColumn(4);
    column.set(0, 'x');
    column.set(1, null);
    column.set(2, 'x');
    column.set(3, 'y');
    column.set(3, 'x');
    expect(column.tally(new Uint32Array([0, 1, 2, 3]), 4)).toEqual([
      { value: null, count: 1 },
      { value: 'x', count: 3 },
    ]);
    expect(column.tally(new Uint32Array([1, 3]), 1)).toEqual([{ value: null, count: 1 }]);
  });

  it('ids are found by their words and freed slots stop matching', () => {
    const ids = new SlotIds(2);
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    ids.set(1, id);
    expect(ids.isLive(1) && ids.matches(1, uuidWords(id))).toBe(true);
    expect(ids.matches(1, uuidWords('0f8fad5b-d9cb-469f-a165-70867728950f'))).toBe(false);
    ids.clear(1);
    expect(ids.isLive(1)).toBe(false);
  });
});

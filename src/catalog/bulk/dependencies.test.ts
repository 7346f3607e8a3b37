import { describe, expect, it } from 'vitest';
import { findCycle } from './dependencies.js';

const graph = (edges: [string, string][]) => {
  const map = new Map<string, Set<string>>();
  for (const [from, to] of edges) {
    if (!map.has(from)) map.set(from, new Set());
    map.get(from)!.add(to);
  }
  return map;
};

describe('findCycle', () => {
  it('finds none in a graph that only fans out and joins', () => {
    expect(
      findCycle(
        graph([
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'd'],
          ['c', 'd'],
        ]),
      ),
    ).toBeNull();
  });

  it('names the cycle, its first node repeated at the end', () => {
    const cycle = findCycle(
      graph([
        ['x', 'a'],
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ]),
    );
    expect(cycle).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds a component depending on itself', () => {
    expect(findCycle(graph([['a', 'a']]))).toEqual(['a', 'a']);
  });

  it('walks a long chain without overflowing the stack', () => {
    const edges: [string, string][] = [];
    for (let i = 0; i < 100_000; i++) edges.push([`n${i}`, `n${i + 1}`]);
    expect(findCycle(graph(edges))).toBeNull();
    edges.push(['n100000', 'n0']);
    expect(findCycle(graph(edges))).toHaveLength(100_002);
  });
});

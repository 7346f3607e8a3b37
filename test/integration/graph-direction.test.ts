import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/catalog/contract.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

/**
 * The graph around a component walks from the centre only: upstream follows what it depends on,
 * downstream what depends on it, both is the union of those two walks. A walk never turns
 * around, so x (a dependent of a dependency) and y (a dependency of a dependent) are not
 * "around" the centre at any depth.
 *
 *   d3 -> d2 -> d1 -> centre -> a1 -> a2 -> a3        (p -> q: p depends on q)
 *                 \               ^
 *                  -> y      x ---'
 */
let t: TestApp;
let admin: TestUser;

const EDGES: [string, string][] = [
  ['centre', 'a1'],
  ['a1', 'a2'],
  ['a2', 'a3'],
  ['d1', 'centre'],
  ['d2', 'd1'],
  ['d3', 'd2'],
  ['x', 'a1'],
  ['d1', 'y'],
];

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('alice', { admin: true });
  const names = new Set(EDGES.flat());
  names.add('unrelated');
  for (const name of names)
    await t.catalog.createComponent(t.system, { name, namespace: 'default' });
  for (const [from, to] of EDGES)
    await t.catalog.addDependency(t.system, { from, to, type: 'strong_ro', notes: '' });
});
afterAll(() => t.close());

async function graph(query: string): Promise<{ nodes: string[]; edges: string[] }> {
  const res = await t.request(admin, { method: 'GET', url: `/api/graph?root=centre&${query}` });
  expect(res.statusCode, res.body).toBe(200);
  const g = res.json() as Graph;
  const short = (ref: string) => ref.replace('component:default/', '');
  return {
    nodes: g.nodes.map((n) => short(n.ref)).sort(),
    edges: g.edges.map((e) => `${short(e.from)}->${short(e.to)}`).sort(),
  };
}

describe('GET /api/graph?direction=', () => {
  const expected: Record<string, Record<number, string[]>> = {
    upstream: { 1: ['a1'], 2: ['a1', 'a2'], 3: ['a1', 'a2', 'a3'] },
    downstream: { 1: ['d1'], 2: ['d1', 'd2'], 3: ['d1', 'd2', 'd3'] },
    both: { 1: ['a1', 'd1'], 2: ['a1', 'a2', 'd1', 'd2'], 3: ['a1', 'a2', 'a3', 'd1', 'd2', 'd3'] },
  };
  for (const [direction, byDepth] of Object.entries(expected)) {
    for (const [depth, nodes] of Object.entries(byDepth)) {
      it(`${direction}, depth ${depth}: ${nodes.join(' ')}`, async () => {
        const g = await graph(`direction=${direction}&depth=${depth}`);
        expect(g.nodes).toEqual(['centre', ...nodes].sort());
        // Every edge between the nodes shown is drawn, and only those.
        const shown = new Set(g.nodes);
        expect(g.edges).toEqual(
          EDGES.filter(([a, b]) => shown.has(a) && shown.has(b))
            .map(([a, b]) => `${a}->${b}`)
            .sort(),
        );
      });
    }
  }

  it('walks both ways by default', async () => {
    expect(await graph('depth=2')).toEqual(await graph('depth=2&direction=both'));
  });

  it('reaches the far ends at depth 10 and never the side branches', async () => {
    const g = await graph('depth=10');
    expect(g.nodes).not.toContain('x');
    expect(g.nodes).not.toContain('y');
    expect(g.nodes).toHaveLength(7);
  });

  it('refuses an unknown direction, naming the field', async () => {
    const res = await t.request(admin, {
      method: 'GET',
      url: '/api/graph?root=centre&direction=sideways',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('direction');
  });

  it('draws the whole catalog without a root, whatever the direction', async () => {
    const res = await t.request(admin, { method: 'GET', url: '/api/graph?direction=upstream' });
    const nodes = (res.json() as Graph).nodes.map((n) => n.ref);
    expect(nodes).toHaveLength(new Set(EDGES.flat()).size);
  });
});

import { describe, expect, it } from 'vitest';
import { geometry, placeBlips } from './radar-layout.js';

const g = geometry(400, 4, 4);
const quadrants = ['Q1', 'Q2', 'Q3', 'Q4'];
const rings = ['Adopt', 'Trial', 'Assess', 'Hold'];
const entries = Array.from({ length: 40 }, (_, i) => ({
  id: String(i),
  label: `Tech ${i}`,
  quadrant: quadrants[i % 4]!,
  ring: rings[Math.floor(i / 10)]!,
}));

describe('radar layout', () => {
  it('puts each blip inside its quadrant sector and its ring band', () => {
    const blips = placeBlips(entries, quadrants, rings, g, 10);
    expect(blips).toHaveLength(40);
    for (const [i, b] of blips.entries()) {
      const e = entries[i]!;
      const r = Math.hypot(b.x, b.y);
      const ring = rings.indexOf(e.ring);
      expect(r).toBeLessThanOrEqual(g.ringRadii[ring]!);
      expect(r).toBeGreaterThanOrEqual(ring === 0 ? 0 : g.ringRadii[ring - 1]!);
      const angle = (Math.atan2(b.x, -b.y) + 2 * Math.PI) % (2 * Math.PI);
      const [a0, a1] = g.sectors[quadrants.indexOf(e.quadrant)]!;
      expect(angle).toBeGreaterThanOrEqual(a0);
      expect(angle).toBeLessThanOrEqual(a1);
    }
  });

  it('places a blip in the same spot every time, and skips entries without a ring', () => {
    const once = placeBlips(entries, quadrants, rings, g, 10);
    expect(placeBlips(entries, quadrants, rings, g, 10)).toEqual(once);
    const withoutRing = placeBlips(
      [{ id: 'x', label: 'x', quadrant: 'Q1', ring: null }],
      quadrants,
      rings,
      g,
      10,
    );
    expect(withoutRing).toEqual([]);
  });

  it('keeps blips of one segment apart where there is room', () => {
    const blips = placeBlips(entries.slice(0, 10), quadrants, rings, g, 10);
    for (const a of blips)
      for (const b of blips)
        if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(15);
  });

  it('keeps blips off the obstacles it is given (where the ring names are written)', () => {
    // A patch in the middle of the inner ring's top-right segment, where blips land without it.
    const obstacles = [-20, 0, 20].flatMap((dx) =>
      [-20, 0, 20].map((dy) => ({ x: 67 + dx, y: -67 + dy })),
    );
    const crowd = Array.from({ length: 16 }, (_, i) => ({
      id: String(i),
      label: `Near ${i}`,
      quadrant: i % 2 ? 'Q1' : 'Q4',
      ring: 'Adopt',
    }));
    const nearest = (blips: { x: number; y: number }[]) =>
      Math.min(...blips.flatMap((b) => obstacles.map((o) => Math.hypot(b.x - o.x, b.y - o.y))));
    expect(nearest(placeBlips(crowd, quadrants, rings, g, 10))).toBeLessThan(20);
    expect(nearest(placeBlips(crowd, quadrants, rings, g, 10, obstacles))).toBeGreaterThan(20);
  });
});

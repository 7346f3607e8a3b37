/**
 * Where the radar draws things: any number of quadrants as equal sectors (the first from 12
 * o'clock, clockwise), any number of rings from the centre out, and each entry's blip inside
 * its quadrant's sector and its ring's band. Placement is seeded by the label, so a blip stays
 * put across reloads and prints, and keeps a blip's width from the others where it can.
 */

export interface LayoutEntry {
  id: string;
  label: string;
  quadrant: string;
  ring: string | null;
}

export interface Blip {
  id: string;
  x: number;
  y: number;
}

export interface Geometry {
  radius: number;
  /** Outer radius of each ring, inner first. */
  ringRadii: number[];
  /** Start and end angle of each quadrant, radians clockwise from 12 o'clock. */
  sectors: [number, number][];
}

export function geometry(radius: number, quadrants: number, rings: number): Geometry {
  const ringRadii = Array.from(
    { length: rings },
    (_, i) => radius * (0.3 + (0.7 * (i + 1)) / Math.max(rings, 1)),
  );
  const step = (2 * Math.PI) / Math.max(quadrants, 1);
  const sectors = Array.from({ length: quadrants }, (_, i) => [i * step, (i + 1) * step]) as [
    number,
    number,
  ][];
  return { radius, ringRadii, sectors };
}

/** A point at `angle` (clockwise from 12 o'clock) and distance `r` from the centre. */
export function polar(angle: number, r: number): { x: number; y: number } {
  return { x: r * Math.sin(angle), y: -r * Math.cos(angle) };
}

/** mulberry32 from a string's hash: the same label gives the same sequence everywhere. */
function random(seed: string): () => number {
  let h = 1779033703;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRIES = 60;

/** Positions of the blips of entries that have a ring and a known quadrant. */
export function placeBlips(
  entries: LayoutEntry[],
  quadrants: string[],
  rings: string[],
  g: Geometry,
  blipRadius: number,
  /** Points to keep blips away from, as from each other (where the ring names are written). */
  obstacles: { x: number; y: number }[] = [],
): Blip[] {
  const placed: Blip[] = [];
  const gap = blipRadius * 2.2;
  for (const e of entries) {
    const q = quadrants.indexOf(e.quadrant);
    const r = e.ring === null ? -1 : rings.indexOf(e.ring);
    if (q < 0 || r < 0) continue;
    const [a0, a1] = g.sectors[q]!;
    const inner = r === 0 ? 0 : g.ringRadii[r - 1]!;
    const outer = g.ringRadii[r]!;
    const next = random(e.label.toLowerCase());
    let best: Blip | null = null;
    let bestDistance = -1;
    for (let i = 0; i < TRIES; i++) {
      // Keep clear of the band's edges so a blip never straddles a ring, and of the sector's
      // sides by a few blips' width: the ring names are written along the vertical axis.
      const rr = inner + blipRadius * 1.5 + next() * Math.max(outer - inner - blipRadius * 3, 0);
      const margin = Math.min(
        Math.asin(Math.min(1, (blipRadius * 3.5) / Math.max(rr, 1))),
        (a1 - a0) / 4,
      );
      const angle = a0 + margin + next() * (a1 - a0 - 2 * margin);
      const p = polar(angle, rr);
      const nearest = Math.min(
        Number.POSITIVE_INFINITY,
        ...placed.map((b) => Math.hypot(b.x - p.x, b.y - p.y)),
        ...obstacles.map((o) => Math.hypot(o.x - p.x, o.y - p.y)),
      );
      if (nearest > bestDistance) {
        best = { id: e.id, ...p };
        bestDistance = nearest;
      }
      if (nearest >= gap) break;
    }
    placed.push(best!);
  }
  return placed;
}

import { color } from 'd3-color';
import { select } from 'd3-selection';
import { arc, symbol, symbolCircle, symbolStar, symbolTriangle } from 'd3-shape';
import { useEffect, useRef } from 'react';
import type { Entry, Move, Radar } from '../api/radar.js';
import { type Blip, geometry, placeBlips, polar } from './radar-layout.js';

const SIZE = 800;
/** Room on either side for the quadrant names, which sit outside the circle. */
const SIDE = 190;
const WIDTH = SIZE + 2 * SIDE;
const BLIP = 11;
const INACTIVE = '#adb5bd';

/** Zalando's markers: a circle has not moved, a triangle moved in (up) or out (down), a star is new. */
const MARKERS: Record<Move, { shape: typeof symbolCircle; rotate: number; area: number }> = {
  unchanged: { shape: symbolCircle, rotate: 0, area: Math.PI * BLIP * BLIP },
  in: { shape: symbolTriangle, rotate: 0, area: 2.2 * BLIP * BLIP * 1.4 },
  out: { shape: symbolTriangle, rotate: 180, area: 2.2 * BLIP * BLIP * 1.4 },
  new: { shape: symbolStar, rotate: 0, area: 2.2 * BLIP * BLIP * 1.6 },
};
/** The ring's colour, darkened so the white number on the blip stays readable. */
function blipColour(ring: string | undefined): string {
  const c = ring ? color(ring) : null;
  return c ? c.darker(0.7).formatHex() : '#495057';
}

export const MOVE_TEXT: Record<Move, string> = {
  unchanged: 'not moved',
  in: 'moved in',
  out: 'moved out',
  new: 'new',
};

export interface ChartProps {
  radar: Pick<Radar, 'quadrants' | 'rings' | 'entries'>;
  /** The entry under the pointer (blip or legend), drawn emphasised. */
  highlighted: string | null;
  onHover(entry: Entry | null, at: { x: number; y: number } | null): void;
  onSelect(entry: Entry): void;
}

/**
 * The radar drawn with d3: ring bands (tinted with the ring's colour), quadrant dividers and
 * names, ring names along the vertical axis, and a numbered blip per entry with a ring. The
 * SVG scales to its box (viewBox), so screen and print draw the same picture.
 */
export function RadarChart({ radar, highlighted, onHover, onSelect }: ChartProps) {
  const ref = useRef<SVGSVGElement>(null);
  const handlers = useRef({ onHover, onSelect });
  handlers.current = { onHover, onSelect };

  useEffect(() => {
    const svg = select(ref.current!);
    svg.selectAll('*').remove();
    const radius = SIZE / 2 - 40;
    const g = geometry(radius, radar.quadrants.length, radar.rings.length);
    // Ring names sit on the vertical axis, halfway through their band.
    const labelY = (i: number) => -((i === 0 ? 0 : g.ringRadii[i - 1]!) + g.ringRadii[i]!) / 2;
    const root = svg.append('g').attr('transform', `translate(${WIDTH / 2},${SIZE / 2})`);

    // Ring bands, outer first so inner ones paint over them.
    const band = arc<number>()
      .innerRadius(0)
      .outerRadius((i) => g.ringRadii[i]!)
      .startAngle(0)
      .endAngle(2 * Math.PI);
    root
      .selectAll<SVGPathElement, number>('path.ring')
      .data([...radar.rings.keys()].reverse())
      .join('path')
      .attr('class', 'ring')
      .attr('d', (i) => band(i))
      .attr('fill', (i) => radar.rings[i]!.color || '#dee2e6')
      .attr('fill-opacity', 0.12)
      .attr('stroke', '#ced4da');
    for (const [a] of g.sectors) {
      const end = polar(a, radius);
      root
        .append('line')
        .attr('x1', 0)
        .attr('y1', 0)
        .attr('x2', end.x)
        .attr('y2', end.y)
        .attr('stroke', '#adb5bd');
    }
    radar.rings.forEach((ring, i) => {
      root
        .append('text')
        .attr('y', labelY(i))
        .attr('text-anchor', 'middle')
        .attr('dominant-baseline', 'middle')
        .attr('font-size', 13)
        .attr('font-weight', 700)
        .attr('fill', ring.color || '#868e96')
        .attr('opacity', 0.75)
        .attr('pointer-events', 'none')
        .text(ring.name.toUpperCase());
    });
    radar.quadrants.forEach((q, i) => {
      const [a0, a1] = g.sectors[i]!;
      const p = polar((a0 + a1) / 2, radius + 22);
      root
        .append('text')
        .attr('x', p.x)
        .attr('y', p.y)
        .attr('text-anchor', p.x > 1 ? 'start' : p.x < -1 ? 'end' : 'middle')
        .attr('dominant-baseline', 'middle')
        .attr('font-size', 14)
        .attr('font-weight', 700)
        .attr('data-testid', 'radar-quadrant')
        .text(q.name);
    });

    const byId = new Map(radar.entries.map((e) => [e.id, e]));
    const ringColour = new Map(radar.rings.map((r) => [r.name, r.color]));
    const blips = placeBlips(
      radar.entries,
      radar.quadrants.map((q) => q.name),
      radar.rings.map((r) => r.name),
      g,
      BLIP,
      radar.rings.flatMap((_, i) => [-30, -10, 10, 30].map((x) => ({ x, y: labelY(i) }))),
    );
    const blip = root
      .selectAll<SVGGElement, Blip>('g.blip')
      .data(blips)
      .join('g')
      .attr('class', 'blip')
      .attr('data-testid', 'blip')
      .attr('data-entry', (b) => byId.get(b.id)!.label)
      .attr('data-moved', (b) => byId.get(b.id)!.moved)
      .attr('transform', (b) => `translate(${b.x},${b.y})`)
      .attr('tabindex', 0)
      .attr('role', 'button')
      .attr('aria-label', (b) => {
        const e = byId.get(b.id)!;
        return `${e.number}. ${e.label}, ${e.ring}, ${MOVE_TEXT[e.moved]}`;
      })
      .style('cursor', 'pointer')
      .on('mouseenter focus', function (this: SVGGElement, _event: Event, b) {
        const box = this.getBoundingClientRect();
        handlers.current.onHover(byId.get(b.id)!, { x: box.right, y: box.top });
      })
      .on('mouseleave blur', () => handlers.current.onHover(null, null))
      .on('click', (_event: Event, b) => handlers.current.onSelect(byId.get(b.id)!))
      .on('keydown', (event: KeyboardEvent, b) => {
        if (event.key === 'Enter' || event.key === ' ') handlers.current.onSelect(byId.get(b.id)!);
      });
    blip
      .append('path')
      .attr('d', (b) => {
        const m = MARKERS[byId.get(b.id)!.moved];
        return symbol(m.shape, m.area)();
      })
      .attr('transform', (b) => `rotate(${MARKERS[byId.get(b.id)!.moved].rotate})`)
      .attr('fill', (b) => {
        const e = byId.get(b.id)!;
        return e.active ? blipColour(ringColour.get(e.ring ?? '')) : INACTIVE;
      })
      .attr('stroke', '#fff')
      .attr('stroke-width', 1);
    blip
      .append('text')
      .attr('text-anchor', 'middle')
      .attr('dy', '0.35em')
      .attr('font-size', 10)
      .attr('font-weight', 700)
      .attr('fill', '#fff')
      .attr('pointer-events', 'none')
      .text((b) => byId.get(b.id)!.number);
  }, [radar]);

  useEffect(() => {
    select(ref.current!)
      .selectAll<SVGGElement, { id: string }>('g.blip')
      .attr('opacity', (b) => (highlighted === null || b.id === highlighted ? 1 : 0.35));
  }, [highlighted]);

  return (
    <svg
      ref={ref}
      viewBox={`0 0 ${WIDTH} ${SIZE}`}
      width="100%"
      style={{ maxWidth: WIDTH, display: 'block', margin: '0 auto' }}
      data-testid="radar-chart"
      role="img"
      aria-label="Tech radar"
    />
  );
}

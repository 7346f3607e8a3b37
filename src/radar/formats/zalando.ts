import { z } from 'zod';
import { linkProblem } from '../../catalog/contract.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { Radar, RadarContent } from '../contract.js';
import { DEFAULT_NEW_DAYS } from '../contract.js';
import { daysBefore, ZALANDO_MOVED } from '../moved.js';

/**
 * Zalando's tech radar `config.json` (github.com/zalando/tech-radar): quadrants and rings in
 * drawing order, entries pointing at them by index, `moved` -1 out, 0 unchanged, 1 in, 2 new.
 * The format keeps no dates, descriptions or catalog links: an export leaves them out, an
 * import keeps what Argus has of them.
 */

export const ZalandoRadar = z.object({
  date: z.string().max(100).optional(),
  quadrants: z
    .array(z.object({ name: z.string().trim().min(1).max(200) }))
    .min(1)
    .max(100),
  rings: z
    .array(
      z.object({ name: z.string().trim().min(1).max(200), color: z.string().max(40).optional() }),
    )
    .min(1)
    .max(100),
  entries: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(200),
        quadrant: z.number().int(),
        ring: z.number().int(),
        active: z.boolean().optional(),
        link: z.string().max(2000).optional(),
        moved: z.union([z.literal(-1), z.literal(0), z.literal(1), z.literal(2)]).optional(),
      }),
    )
    .max(10_000),
});
export type ZalandoRadar = z.infer<typeof ZalandoRadar>;

export function toZalando(radar: Pick<Radar, 'quadrants' | 'rings' | 'entries'>): ZalandoRadar {
  const quadrantIndex = new Map(radar.quadrants.map((q, i) => [q.name, i]));
  const ringIndex = new Map(radar.rings.map((r, i) => [r.name, i]));
  return {
    quadrants: radar.quadrants.map((q) => ({ name: q.name })),
    rings: radar.rings.map((r) => ({ name: r.name, color: r.color })),
    entries: radar.entries
      .filter((e) => e.ring !== null)
      .map((e) => ({
        label: e.label,
        quadrant: quadrantIndex.get(e.quadrant)!,
        ring: ringIndex.get(e.ring!)!,
        active: e.active,
        link: e.link,
        moved: ZALANDO_MOVED[e.moved],
      })),
  };
}

export interface ReadOptions {
  /** The current ring of each entry Argus has, by lower-cased label. */
  currentRing: Map<string, string | null>;
  now: Date;
  newDays?: number;
}

/**
 * The file as the radar's bulk content. An entry already on the file's ring gains no point; one
 * that is new to Argus or changes ring gains a point now, and its `moved` says where it came
 * from: 1 (in) adds a point on the next outer ring and -1 (out) on the next inner one, 0 dates
 * the one point before the "new" window, so Argus derives the same `moved` the file says.
 */
export function fromZalando(
  file: ZalandoRadar,
  options: ReadOptions,
): { content: RadarContent; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const now = options.now;
  const before = daysBefore(now, (options.newDays ?? DEFAULT_NEW_DAYS) + 1).toISOString();
  const note = 'imported from a Zalando config.json';
  const content: RadarContent = {
    quadrants: file.quadrants.map((q, i) => ({ name: q.name, position: i })),
    rings: file.rings.map((r, i) => ({
      name: r.name,
      position: i,
      ...(r.color !== undefined ? { color: r.color } : {}),
    })),
    entries: [],
  };
  file.entries.forEach((e, i) => {
    const quadrant = file.quadrants[e.quadrant];
    const ring = file.rings[e.ring];
    if (!quadrant)
      problems.push({
        field: `entries[${i}].quadrant`,
        reason: `entry "${e.label}": no quadrant ${e.quadrant} (the file has ${file.quadrants.length}, counted from 0)`,
      });
    if (!ring)
      problems.push({
        field: `entries[${i}].ring`,
        reason: `entry "${e.label}": no ring ${e.ring} (the file has ${file.rings.length}, counted from 0)`,
      });
    const badLink = e.link ? linkProblem(e.link) : null;
    if (badLink)
      problems.push({ field: `entries[${i}].link`, reason: `entry "${e.label}": ${badLink}` });
    if (!quadrant || !ring || badLink) return;
    const current = options.currentRing.get(e.label.toLowerCase());
    const history: NonNullable<RadarContent['entries'][number]['history']> = [];
    if (current?.toLowerCase() !== ring.name.toLowerCase()) {
      const moved = e.moved ?? 0;
      const from =
        moved === 1 ? file.rings[e.ring + 1] : moved === -1 ? file.rings[e.ring - 1] : undefined;
      if (current === undefined && moved === 0)
        history.push({ ring: ring.name, date: before, note });
      else {
        if (current === undefined && from) history.push({ ring: from.name, date: before, note });
        history.push({ ring: ring.name, date: now.toISOString(), note });
      }
    }
    content.entries.push({
      label: e.label,
      quadrant: quadrant.name,
      ...(e.active !== undefined ? { active: e.active } : {}),
      ...(e.link !== undefined ? { link: e.link } : {}),
      history,
    });
  });
  return { content, problems };
}

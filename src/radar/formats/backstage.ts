import { z } from 'zod';
import { byText } from '../../catalog/bulk/read.js';
import { linkProblem } from '../../catalog/contract.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { Radar, RadarContent } from '../contract.js';
import { snapshotMove } from '../moved.js';

/**
 * Backstage's tech radar JSON, the `TechRadarLoaderResponse` of @backstage-community/plugin-
 * tech-radar: quadrants and rings with ids, entries pointing at a quadrant id, each with a
 * `timeline` of `{ moved, ringId, date, description }`, newest first (Backstage draws an
 * entry on `timeline[0]`). Argus keeps every point, so a round trip loses nothing of the
 * format; catalog links are Argus's own and stay out of it.
 */

const Id = z.string().trim().min(1).max(200);
export const BackstageRadar = z.object({
  quadrants: z.array(z.object({ id: Id, name: z.string().trim().min(1).max(200) })).max(100),
  rings: z
    .array(
      z.object({
        id: Id,
        name: z.string().trim().min(1).max(200),
        color: z.string().max(40).optional(),
        description: z.string().max(10_000).optional(),
      }),
    )
    .max(100),
  entries: z
    .array(
      z.object({
        key: z.string().max(200).optional(),
        id: Id,
        quadrant: Id,
        title: z.string().trim().min(1).max(200),
        url: z.string().max(2000).optional(),
        description: z.string().max(100_000).optional(),
        timeline: z
          .array(
            z.object({
              moved: z.number().int().min(-1).max(1).optional(),
              ringId: Id,
              date: z.union([z.iso.datetime({ offset: true }), z.iso.date()]),
              description: z.string().max(10_000).optional(),
            }),
          )
          .max(1000),
        links: z.array(z.object({ url: z.string(), title: z.string().optional() })).optional(),
      }),
    )
    .max(10_000),
});
export type BackstageRadar = z.infer<typeof BackstageRadar>;

/** A readable id from a name (`Languages & Frameworks` -> `languages-frameworks`), unique in `taken`. */
function idOf(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'item';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

export function toBackstage(radar: Pick<Radar, 'quadrants' | 'rings' | 'entries'>): BackstageRadar {
  const quadrantIds = new Set<string>();
  const ringIds = new Set<string>();
  const entryIds = new Set<string>();
  const quadrantId = new Map(radar.quadrants.map((q) => [q.name, idOf(q.name, quadrantIds)]));
  const ringId = new Map(radar.rings.map((r) => [r.name, idOf(r.name, ringIds)]));
  const position = new Map(radar.rings.map((r) => [r.name, r.position]));
  return {
    quadrants: radar.quadrants.map((q) => ({ id: quadrantId.get(q.name)!, name: q.name })),
    rings: radar.rings.map((r) => ({
      id: ringId.get(r.name)!,
      name: r.name,
      color: r.color,
      description: r.description,
    })),
    entries: [...radar.entries]
      .sort((a, b) => byText(a.label, b.label))
      .map((e) => {
        const id = idOf(e.label, entryIds);
        return {
          key: id,
          id,
          quadrant: quadrantId.get(e.quadrant)!,
          title: e.label,
          url: e.link || '#',
          description: e.description,
          timeline: e.timeline
            .map((p, i) => ({
              moved: snapshotMove(
                position.get(p.ring) ?? 0,
                i > 0 ? position.get(e.timeline[i - 1]!.ring) : undefined,
              ),
              ringId: ringId.get(p.ring)!,
              date: p.date,
              description: p.note,
            }))
            .reverse(),
        };
      }),
  };
}

/** The file as the radar's bulk content; every unknown quadrant or ring id is a problem. */
export function fromBackstage(file: BackstageRadar): {
  content: RadarContent;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const quadrant = new Map(file.quadrants.map((q) => [q.id, q.name]));
  const ring = new Map(file.rings.map((r) => [r.id, r.name]));
  const content: RadarContent = {
    quadrants: file.quadrants.map((q, i) => ({ name: q.name, position: i })),
    rings: file.rings.map((r, i) => ({
      name: r.name,
      position: i,
      ...(r.color !== undefined ? { color: r.color } : {}),
      ...(r.description !== undefined ? { description: r.description } : {}),
    })),
    entries: [],
  };
  file.entries.forEach((e, i) => {
    const at = `entries[${i}]`;
    const quadrantName = quadrant.get(e.quadrant);
    if (!quadrantName)
      problems.push({
        field: `${at}.quadrant`,
        reason: `entry "${e.title}": no quadrant with id "${e.quadrant}" in quadrants`,
      });
    // `#` is Backstage's way to say "no link".
    const url = e.url && e.url !== '#' ? e.url : '';
    const badLink = url ? linkProblem(url) : null;
    if (badLink) problems.push({ field: `${at}.url`, reason: `entry "${e.title}": ${badLink}` });
    const history = e.timeline.flatMap((p, j) => {
      const ringName = ring.get(p.ringId);
      if (!ringName) {
        problems.push({
          field: `${at}.timeline[${j}].ringId`,
          reason: `entry "${e.title}": no ring with id "${p.ringId}" in rings`,
        });
        return [];
      }
      return [{ ring: ringName, date: new Date(p.date).toISOString(), note: p.description ?? '' }];
    });
    content.entries.push({
      label: e.title,
      quadrant: quadrantName ?? e.quadrant,
      link: badLink ? '' : url,
      ...(e.description !== undefined ? { description: e.description } : {}),
      history,
    });
  });
  return { content, problems };
}

import { inArray } from 'drizzle-orm';
import { byText } from '../catalog/bulk/read.js';
import { components, referenceItems } from '../catalog/schema.js';
import type { Db } from '../platform/db.js';
import type { Entry, EntryLink, Quadrant, Radar, Ring } from './contract.js';
import { deriveMove } from './moved.js';
import {
  radarEntries,
  radarEntryHistory,
  radarEntryLinks,
  radarQuadrants,
  radarRings,
} from './schema.js';
import { componentsUsing } from './usage.js';

const byPosition = (a: { position: number; name: string }, b: { position: number; name: string }) =>
  a.position - b.position || byText(a.name, b.name);

/** Quadrants and rings in display order; the outermost ring is the Hold ring. */
export async function readStructure(db: Db): Promise<{ quadrants: Quadrant[]; rings: Ring[] }> {
  const [quadrantRows, ringRows] = await Promise.all([
    db.select().from(radarQuadrants),
    db.select().from(radarRings),
  ]);
  const rings = ringRows.sort(byPosition);
  return {
    quadrants: quadrantRows
      .sort(byPosition)
      .map((q) => ({ id: q.id, name: q.name, position: q.position, description: q.description })),
    rings: rings.map((r, i) => ({
      id: r.id,
      name: r.name,
      position: r.position,
      description: r.description,
      color: r.color,
      hold: i === rings.length - 1,
    })),
  };
}

async function readLinks(db: Db): Promise<Map<string, EntryLink[]>> {
  const rows = await db.select().from(radarEntryLinks);
  const itemIds = rows.flatMap((r) => (r.referenceItemId ? [r.referenceItemId] : []));
  const componentIds = rows.flatMap((r) => (r.componentId ? [r.componentId] : []));
  const [items, comps] = await Promise.all([
    itemIds.length
      ? db.select().from(referenceItems).where(inArray(referenceItems.id, itemIds))
      : [],
    componentIds.length
      ? db
          .select({ id: components.id, namespace: components.namespace, name: components.name })
          .from(components)
          .where(inArray(components.id, componentIds))
      : [],
  ]);
  const item = new Map(items.map((i) => [i.id, i]));
  const comp = new Map(comps.map((c) => [c.id, c]));
  const kindOf = { languages: 'language', frameworks: 'framework', databases: 'database' } as const;
  const out = new Map<string, EntryLink[]>();
  for (const r of rows) {
    let link: EntryLink | null = null;
    if (r.referenceItemId) {
      const i = item.get(r.referenceItemId);
      const kind = i && kindOf[i.list as keyof typeof kindOf];
      if (i && kind) link = { id: r.id, kind, target: i.name };
    } else if (r.componentId) {
      const c = comp.get(r.componentId);
      if (c) link = { id: r.id, kind: 'component', target: `component:${c.namespace}/${c.name}` };
    }
    if (link) out.set(r.entryId, [...(out.get(r.entryId) ?? []), link]);
  }
  return out;
}

/**
 * The whole radar as the page draws it: entries by quadrant, then ring (inner first), then
 * label, numbered in that order as the blips and the legend show them; each with its timeline,
 * its derived move, its links and the components that use it.
 */
export async function readRadar(db: Db, now: Date, newDays: number): Promise<Omit<Radar, 'may'>> {
  const [{ quadrants, rings }, entryRows, historyRows, links, usage] = await Promise.all([
    readStructure(db),
    db.select().from(radarEntries),
    db.select().from(radarEntryHistory),
    readLinks(db),
    componentsUsing(db),
  ]);
  const ring = new Map(rings.map((r) => [r.id, r]));
  const quadrant = new Map(quadrants.map((q, i) => [q.id, { ...q, order: i }]));
  const pointsOf = new Map<string, typeof historyRows>();
  for (const h of historyRows) pointsOf.set(h.entryId, [...(pointsOf.get(h.entryId) ?? []), h]);
  const entries = entryRows.map((e) => {
    const points = (pointsOf.get(e.id) ?? []).sort((a, b) => a.date.getTime() - b.date.getTime());
    const current = points.length ? ring.get(points[points.length - 1]!.ringId) : undefined;
    return {
      id: e.id,
      number: 0,
      label: e.label,
      quadrant: quadrant.get(e.quadrantId)?.name ?? '',
      description: e.description,
      link: e.link,
      active: e.active,
      ring: current?.name ?? null,
      moved: deriveMove(
        points.map((p) => ({ date: p.date, position: ring.get(p.ringId)?.position ?? 0 })),
        now,
        newDays,
      ),
      timeline: points.map((p) => ({
        id: p.id,
        ring: ring.get(p.ringId)?.name ?? '',
        date: p.date.toISOString(),
        note: p.note,
      })),
      links: links.get(e.id) ?? [],
      usedBy: usage.get(e.id) ?? [],
      order: [
        quadrant.get(e.quadrantId)?.order ?? 0,
        current ? rings.indexOf(current) : rings.length,
      ] as const,
    };
  });
  entries.sort(
    (a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || byText(a.label, b.label),
  );
  return {
    quadrants,
    rings,
    entries: entries.map(({ order: _order, ...e }, i): Entry => ({ ...e, number: i + 1 })),
    newDays,
  };
}

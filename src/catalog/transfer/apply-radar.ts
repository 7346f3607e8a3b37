import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { radarEntries, radarEntryHistory, radarQuadrants, radarRings } from '../../radar/schema.js';
import type { ApplyState, RefEntry } from './apply-state.js';
import { changedFields, insertMany } from './bulk.js';
import { keys } from './keys.js';

/** The tech radar: quadrants, rings, entries and their dated ring changes (PRODUCT 3). */

type Row = Record<string, unknown>;

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

interface Named {
  name: string;
  position?: number;
  description?: string;
  color?: string;
}

/** Quadrants and rings share a shape: a name, a position, a description (and a ring's colour). */
async function planNamed(
  s: ApplyState,
  table: typeof radarQuadrants | typeof radarRings,
  items: Named[],
  options: {
    model: string;
    entityType: string;
    path: string;
    fields: readonly string[];
    key: (name: string) => string;
  },
): Promise<Map<string, RefEntry>> {
  const rows = (await s.tx.select().from(table)) as Row[];
  const existing = new Map(rows.map((r) => [(r.name as string).toLowerCase(), r]));
  const index = new Map<string, RefEntry>(
    rows.map((r) => [
      (r.name as string).toLowerCase(),
      { id: r.id as string, name: r.name as string },
    ]),
  );
  const inserts: Row[] = [];
  const updates: { id: string; set: Row }[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    s.counts.add(options.model, 'read');
    const lower = item.name.trim().toLowerCase();
    if (seen.has(lower)) {
      s.problem(`${options.path}[${i}].name`, `"${item.name}" is listed twice`);
      return;
    }
    seen.add(lower);
    const given: Row = { name: item.name.trim() };
    for (const f of options.fields)
      if (f !== 'name' && item[f as keyof Named] !== undefined) given[f] = item[f as keyof Named];
    const row = existing.get(lower);
    const ref = `radar:${given.name}`;
    if (row) {
      const before = pick(row, options.fields);
      const after = { ...before, ...given };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id as string, set: pick(after, changed) });
        s.audit.updated(options.entityType, row.id as string, ref, before, after);
      }
      index.set(lower, { id: row.id as string, name: given.name as string });
      s.outcome(options.model, options.key(item.name), 'updated');
    } else {
      const id = randomUUID();
      const values: Row = {
        id,
        position: 0,
        description: '',
        ...(options.fields.includes('color') ? { color: '' } : {}),
        ...given,
      };
      inserts.push(values);
      index.set(lower, { id, name: given.name as string });
      s.audit.created(options.entityType, id, ref, pick(values, options.fields));
      s.outcome(options.model, options.key(item.name), 'created');
    }
  });
  s.steps.push({
    phase: options.model.replace('_', ' '),
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, table, inserts as never[], tick);
      for (const u of updates) await s.tx.update(table).set(u.set).where(eq(table.id, u.id));
    },
  });
  return index;
}

const ENTRY_FIELDS = ['label', 'quadrant', 'description', 'link', 'active'] as const;

export async function planRadar(s: ApplyState): Promise<void> {
  const radar = s.doc.radar;
  const quadrants = await planNamed(s, radarQuadrants, radar.quadrants, {
    model: 'radar_quadrants',
    entityType: 'radar_quadrant',
    path: 'radar.quadrants',
    fields: ['name', 'position', 'description'],
    key: keys.quadrant,
  });
  const rings = await planNamed(s, radarRings, radar.rings, {
    model: 'radar_rings',
    entityType: 'radar_ring',
    path: 'radar.rings',
    fields: ['name', 'position', 'description', 'color'],
    key: keys.ring,
  });
  const quadrantName = new Map([...quadrants.values()].map((q) => [q.id, q.name]));
  const ringName = new Map([...rings.values()].map((r) => [r.id, r.name]));

  const rows = await s.tx.select().from(radarEntries);
  const history = await s.tx.select().from(radarEntryHistory);
  const existing = new Map(rows.map((r) => [r.label.toLowerCase(), r]));
  const historyOf = new Map(history.map((h) => [`${h.entryId}@${h.date.toISOString()}`, h]));
  const inserts: (typeof radarEntries.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const historyInserts: (typeof radarEntryHistory.$inferInsert)[] = [];
  const historyUpdates: { id: string; set: Row }[] = [];
  const seen = new Set<string>();
  radar.entries.forEach((e, i) => {
    s.counts.add('radar_entries', 'read');
    const path = `radar.entries[${i}]`;
    const lower = e.label.trim().toLowerCase();
    if (seen.has(lower)) {
      s.problem(`${path}.label`, `radar entry "${e.label}" is listed twice`);
      return;
    }
    seen.add(lower);
    const quadrant = quadrants.get(e.quadrant.trim().toLowerCase());
    if (!quadrant) s.problem(`${path}.quadrant`, `no radar quadrant "${e.quadrant}"`);
    const given: Row = { label: e.label.trim(), quadrant: quadrant?.name ?? e.quadrant };
    for (const f of ['description', 'link', 'active'] as const)
      if (e[f] !== undefined) given[f] = e[f];
    const row = existing.get(lower);
    const ref = `radar:${given.label}`;
    let entryId: string;
    if (row) {
      entryId = row.id;
      const before: Row = {
        ...pick(row as Row, ENTRY_FIELDS),
        quadrant: quadrantName.get(row.quadrantId) ?? null,
      };
      const after = { ...before, ...given };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        const set = pick(
          after,
          changed.filter((f) => f !== 'quadrant'),
        );
        if (changed.includes('quadrant') && quadrant) set.quadrantId = quadrant.id;
        updates.push({ id: row.id, set });
        s.audit.updated('radar_entry', row.id, ref, before, after);
      }
      s.outcome('radar_entries', keys.radarEntry(e.label), 'updated');
    } else {
      entryId = randomUUID();
      const values = {
        id: entryId,
        label: given.label as string,
        quadrantId: quadrant?.id ?? '',
        description: '',
        link: '',
        active: true,
        ...pick(
          given,
          ['description', 'link', 'active'].filter((f) => f in given),
        ),
      };
      inserts.push(values as typeof radarEntries.$inferInsert);
      s.audit.created('radar_entry', entryId, ref, {
        ...pick(values as Row, ENTRY_FIELDS),
        quadrant: quadrant?.name ?? null,
      });
      s.outcome('radar_entries', keys.radarEntry(e.label), 'created');
    }
    (e.history ?? []).forEach((h, j) => {
      s.counts.add('radar_history', 'read');
      const ring = rings.get(h.ring.trim().toLowerCase());
      if (!ring) {
        s.problem(`${path}.history[${j}].ring`, `no radar ring "${h.ring}"`);
        return;
      }
      const date = new Date(h.date);
      const key = keys.radarHistory(keys.radarEntry(e.label), date);
      const historyRef = `${ref}@${date.toISOString()}`;
      const existingRow = historyOf.get(`${entryId}@${date.toISOString()}`);
      if (existingRow) {
        const before: Row = {
          ring: ringName.get(existingRow.ringId) ?? null,
          note: existingRow.note,
        };
        const after: Row = { ring: ring.name, note: h.note ?? existingRow.note };
        if (s.audit.updated('radar_entry_history', existingRow.id, historyRef, before, after)) {
          historyUpdates.push({ id: existingRow.id, set: { ringId: ring.id, note: after.note } });
        }
        s.outcome('radar_history', key, 'updated');
      } else {
        const id = randomUUID();
        historyInserts.push({ id, entryId, ringId: ring.id, date, note: h.note ?? '' });
        historyOf.set(`${entryId}@${date.toISOString()}`, {
          id,
          entryId,
          ringId: ring.id,
          date,
          note: h.note ?? '',
        });
        s.audit.created('radar_entry_history', id, historyRef, {
          ring: ring.name,
          date: date.toISOString(),
          note: h.note ?? '',
        });
        s.outcome('radar_history', key, 'created');
      }
    });
  });
  s.steps.push({
    phase: 'radar entries',
    units: inserts.length + updates.length + historyInserts.length + historyUpdates.length,
    async run(tick) {
      await insertMany(s.tx, radarEntries, inserts, tick);
      for (const u of updates)
        await s.tx.update(radarEntries).set(u.set).where(eq(radarEntries.id, u.id));
      await insertMany(s.tx, radarEntryHistory, historyInserts);
      for (const u of historyUpdates)
        await s.tx.update(radarEntryHistory).set(u.set).where(eq(radarEntryHistory.id, u.id));
    },
  });
}

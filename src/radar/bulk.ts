import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { byText } from '../catalog/bulk/read.js';
import {
  AuditBatch,
  changedFields,
  type EntityChange,
  pickFields,
  recordChanges,
} from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { type FieldProblem, Invalid } from '../platform/errors.js';
import type { Work } from '../platform/unit-of-work.js';
import type { RadarContent } from './contract.js';
import { RadarErrors } from './errors.js';
import { entryRef, pointRef, quadrantRef, ringRef } from './refs.js';
import { radarEntries, radarEntryHistory, radarQuadrants, radarRings } from './schema.js';

/**
 * Bulk operations of the radar: what every importer (Argus JSON, Panopticum, Zalando, Backstage)
 * stores through. `planRadarUpsert` reads what exists and checks the whole content, writing
 * nothing; its plan says every problem at once and, when there is none, writes in one go with
 * one audit event per created entity and per changed field, through the one audit service.
 * Quadrants and rings match by name, entries by label, timeline points by entry and date, all
 * ignoring case, so importing the same content twice changes nothing the second time.
 */

export type RadarModel = 'radar_quadrants' | 'radar_rings' | 'radar_entries' | 'radar_history';

export interface RadarOutcome {
  model: RadarModel;
  /** The quadrant or ring name, or the entry label. */
  name: string;
  /** A timeline point's date. */
  date?: Date;
  outcome: 'created' | 'updated';
}

export interface RadarPlan {
  problems: FieldProblem[];
  /** Records read, per model (duplicates and refused ones included). */
  reads: Record<RadarModel, number>;
  outcomes: RadarOutcome[];
  /** Rows the write will insert or update. */
  units: number;
  /** Change events to publish after commit: one per quadrant, ring or entry touched. */
  events: { type: string; ref: string; action: 'create' | 'update' }[];
  /** Stores the plan in the caller's transaction; `reason` goes with every audit event. */
  write(tx: Db, ctx: RequestContext, reason: string, tick?: (done: number) => void): Promise<void>;
}

type Row = Record<string, unknown>;

interface Write {
  run(tx: Db): Promise<void>;
}

class Planner {
  readonly problems: FieldProblem[] = [];
  readonly reads: Record<RadarModel, number> = {
    radar_quadrants: 0,
    radar_rings: 0,
    radar_entries: 0,
    radar_history: 0,
  };
  readonly outcomes: RadarOutcome[] = [];
  readonly changes: EntityChange[] = [];
  readonly writes: Write[] = [];
  readonly events: RadarPlan['events'] = [];

  problem(field: string, reason: string) {
    this.problems.push({ field, reason });
  }
}

interface Named {
  name: string;
  position?: number;
  description?: string;
  color?: string;
}

/** Quadrants and rings share a shape: a name, a position, a description (and a ring's colour). */
async function planNamed(
  db: Db,
  p: Planner,
  table: typeof radarQuadrants | typeof radarRings,
  items: Named[],
  o: { model: RadarModel; entityType: string; path: string; fields: readonly string[] },
): Promise<Map<string, { id: string; name: string }>> {
  const rows = (await db.select().from(table)) as Row[];
  const existing = new Map(rows.map((r) => [(r.name as string).toLowerCase(), r]));
  const index = new Map(
    rows.map((r) => [
      (r.name as string).toLowerCase(),
      { id: r.id as string, name: r.name as string },
    ]),
  );
  const ref = o.model === 'radar_rings' ? ringRef : quadrantRef;
  const seen = new Set<string>();
  items.forEach((item, i) => {
    p.reads[o.model]++;
    const name = item.name.trim();
    const lower = name.toLowerCase();
    if (seen.has(lower)) {
      p.problem(`${o.path}[${i}].name`, `"${item.name}" is listed twice`);
      return;
    }
    seen.add(lower);
    const given: Row = { name };
    for (const f of o.fields)
      if (f !== 'name' && item[f as keyof Named] !== undefined) given[f] = item[f as keyof Named];
    const row = existing.get(lower);
    if (row) {
      const before = pickFields(row, o.fields);
      const after = { ...before, ...given };
      const fields = changedFields(before, after);
      if (fields.length > 0) {
        const set = pickFields(after, fields);
        p.writes.push({
          run: (tx) =>
            tx
              .update(table)
              .set(set)
              .where(eq(table.id, row.id as string))
              .then(() => {}),
        });
        p.changes.push({
          entityType: o.entityType,
          entityId: row.id as string,
          entityRef: ref(name),
          action: 'update',
          before: pickFields(before, fields),
          after: set,
        });
        p.events.push({ type: o.entityType, ref: ref(name), action: 'update' });
      }
      index.set(lower, { id: row.id as string, name });
      p.outcomes.push({ model: o.model, name, outcome: 'updated' });
    } else {
      const id = randomUUID();
      const values: Row = {
        id,
        position: 0,
        description: '',
        ...(o.fields.includes('color') ? { color: '' } : {}),
        ...given,
      };
      p.writes.push({
        run: (tx) =>
          tx
            .insert(table)
            .values(values as never)
            .then(() => {}),
      });
      p.changes.push({
        entityType: o.entityType,
        entityId: id,
        entityRef: ref(name),
        action: 'create',
        after: pickFields(values, o.fields),
      });
      p.events.push({ type: o.entityType, ref: ref(name), action: 'create' });
      index.set(lower, { id, name });
      p.outcomes.push({ model: o.model, name, outcome: 'created' });
    }
  });
  return index;
}

const under = (path: string, field: string) => (path ? `${path}.${field}` : field);

const ENTRY_FIELDS = ['label', 'quadrant', 'description', 'link', 'active'] as const;

async function planEntries(
  db: Db,
  p: Planner,
  content: RadarContent,
  path: string,
  quadrants: Map<string, { id: string; name: string }>,
  rings: Map<string, { id: string; name: string }>,
): Promise<void> {
  const quadrantName = new Map([...quadrants.values()].map((q) => [q.id, q.name]));
  const ringName = new Map([...rings.values()].map((r) => [r.id, r.name]));
  const rows = await db.select().from(radarEntries);
  const history = await db.select().from(radarEntryHistory);
  const existing = new Map(rows.map((r) => [r.label.toLowerCase(), r]));
  const pointOf = new Map(history.map((h) => [`${h.entryId}@${h.date.toISOString()}`, h]));
  const seen = new Set<string>();
  content.entries.forEach((e, i) => {
    p.reads.radar_entries++;
    const at = under(path, `entries[${i}]`);
    const label = e.label.trim();
    const lower = label.toLowerCase();
    if (seen.has(lower)) {
      p.problem(`${at}.label`, `radar entry "${e.label}" is listed twice`);
      return;
    }
    seen.add(lower);
    const quadrant = quadrants.get(e.quadrant.trim().toLowerCase());
    if (!quadrant)
      p.problem(`${at}.quadrant`, `entry "${label}": no radar quadrant "${e.quadrant}"`);
    const given: Row = { label, quadrant: quadrant?.name ?? e.quadrant };
    for (const f of ['description', 'link', 'active'] as const)
      if (e[f] !== undefined) given[f] = e[f];
    const row = existing.get(lower);
    const ref = entryRef(label);
    let entryId: string;
    if (row) {
      entryId = row.id;
      const before: Row = {
        ...pickFields(row as Row, ENTRY_FIELDS),
        quadrant: quadrantName.get(row.quadrantId) ?? null,
      };
      const after = { ...before, ...given };
      const fields = changedFields(before, after);
      if (fields.length > 0) {
        const set = pickFields(
          after,
          fields.filter((f) => f !== 'quadrant'),
        );
        if (fields.includes('quadrant') && quadrant) set.quadrantId = quadrant.id;
        p.writes.push({
          run: (tx) =>
            tx
              .update(radarEntries)
              .set(set)
              .where(eq(radarEntries.id, row.id))
              .then(() => {}),
        });
        p.changes.push({
          entityType: 'radar_entry',
          entityId: row.id,
          entityRef: ref,
          action: 'update',
          before: pickFields(before, fields),
          after: pickFields(after, fields),
        });
        p.events.push({ type: 'radar_entry', ref, action: 'update' });
      }
      p.outcomes.push({ model: 'radar_entries', name: label, outcome: 'updated' });
    } else {
      entryId = randomUUID();
      const values = {
        id: entryId,
        label,
        quadrantId: quadrant?.id ?? '',
        description: (given.description as string | undefined) ?? '',
        link: (given.link as string | undefined) ?? '',
        active: (given.active as boolean | undefined) ?? true,
      };
      p.writes.push({
        run: (tx) =>
          tx
            .insert(radarEntries)
            .values(values)
            .then(() => {}),
      });
      p.changes.push({
        entityType: 'radar_entry',
        entityId: entryId,
        entityRef: ref,
        action: 'create',
        after: { ...pickFields(values, ENTRY_FIELDS), quadrant: quadrant?.name },
      });
      p.events.push({ type: 'radar_entry', ref, action: 'create' });
      p.outcomes.push({ model: 'radar_entries', name: label, outcome: 'created' });
    }
    (e.history ?? []).forEach((h, j) => {
      p.reads.radar_history++;
      const ring = rings.get(h.ring.trim().toLowerCase());
      if (!ring) {
        p.problem(`${at}.history[${j}].ring`, `entry "${label}": no radar ring "${h.ring}"`);
        return;
      }
      const date = new Date(h.date);
      const key = `${entryId}@${date.toISOString()}`;
      const point = pointOf.get(key);
      if (point) {
        const before: Row = { ring: ringName.get(point.ringId) ?? null, note: point.note };
        const after: Row = { ring: ring.name, note: h.note ?? point.note };
        const fields = changedFields(before, after);
        if (fields.length > 0) {
          p.writes.push({
            run: (tx) =>
              tx
                .update(radarEntryHistory)
                .set({ ringId: ring.id, note: after.note as string })
                .where(eq(radarEntryHistory.id, point.id))
                .then(() => {}),
          });
          p.changes.push({
            entityType: 'radar_entry_history',
            entityId: point.id,
            entityRef: pointRef(label, date),
            action: 'update',
            before: pickFields(before, fields),
            after: pickFields(after, fields),
          });
        }
        p.outcomes.push({ model: 'radar_history', name: label, date, outcome: 'updated' });
      } else {
        const values = { id: randomUUID(), entryId, ringId: ring.id, date, note: h.note ?? '' };
        pointOf.set(key, values);
        p.writes.push({
          run: (tx) =>
            tx
              .insert(radarEntryHistory)
              .values(values)
              .then(() => {}),
        });
        p.changes.push({
          entityType: 'radar_entry_history',
          entityId: values.id,
          entityRef: pointRef(label, date),
          action: 'create',
          after: { ring: ring.name, date: date.toISOString(), note: values.note },
        });
        p.outcomes.push({ model: 'radar_history', name: label, date, outcome: 'created' });
      }
    });
  });
}

/**
 * Checks `content` against the radar as it is and plans its writes. `path` prefixes the field
 * of every problem (`radar` in an Argus document: `radar.entries[3].history[0].ring`).
 */
export async function planRadarUpsert(
  db: Db,
  content: RadarContent,
  path = 'radar',
): Promise<RadarPlan> {
  const p = new Planner();
  const quadrants = await planNamed(db, p, radarQuadrants, content.quadrants, {
    model: 'radar_quadrants',
    entityType: 'radar_quadrant',
    path: under(path, 'quadrants'),
    fields: ['name', 'position', 'description'],
  });
  const rings = await planNamed(db, p, radarRings, content.rings, {
    model: 'radar_rings',
    entityType: 'radar_ring',
    path: under(path, 'rings'),
    fields: ['name', 'position', 'description', 'color'],
  });
  await planEntries(db, p, content, path, quadrants, rings);
  return {
    problems: p.problems,
    reads: p.reads,
    outcomes: p.outcomes,
    units: p.writes.length,
    events: p.events,
    async write(tx, ctx, reason, tick) {
      // In plan order: quadrants and rings before the entries and points that name them.
      let done = 0;
      for (const w of p.writes) {
        await w.run(tx);
        tick?.(++done);
      }
      // As every bulk write records: a create as one snapshot of its non-empty fields, an
      // update as one event per changed field.
      const audit = new AuditBatch(ctx, reason);
      for (const c of p.changes) {
        if (c.action === 'create')
          audit.created(c.entityType, c.entityId, c.entityRef, c.after ?? {});
        else audit.updated(c.entityType, c.entityId, c.entityRef, c.before ?? {}, c.after ?? {});
      }
      await audit.flush(tx);
    },
  };
}

/**
 * Plans and stores `content` in the caller's transaction, or throws one 400 naming every
 * problem and writes nothing. Publishes a change event per touched quadrant, ring and entry.
 */
export async function upsertRadar(
  work: Work,
  ctx: RequestContext,
  content: RadarContent,
  options: { reason: string; path?: string },
): Promise<RadarPlan> {
  const plan = await planRadarUpsert(work.tx, content, options.path);
  if (plan.problems.length > 0) {
    throw new Invalid(
      RadarErrors.invalid,
      `the radar has ${plan.problems.length} problem(s): ${plan.problems
        .slice(0, 3)
        .map((x) => `${x.field}: ${x.reason}`)
        .join('; ')}`,
      plan.problems,
    );
  }
  await plan.write(work.tx, ctx, options.reason);
  for (const e of plan.events) work.emit(e.type, e.ref, e.action);
  return plan;
}

/**
 * After a foreign radar file: the quadrants and rings it does not name go when nothing uses
 * them (the defaults of a fresh instance, say), so the radar is drawn as the file draws it.
 * Used ones stay, after the file's.
 */
export async function pruneRadarStructure(
  work: Work,
  ctx: RequestContext,
  keep: { quadrants: string[]; rings: string[] },
  reason: string,
): Promise<void> {
  const changes: EntityChange[] = [];
  for (const [kind, table, names] of [
    ['quadrant', radarQuadrants, keep.quadrants],
    ['ring', radarRings, keep.rings],
  ] as const) {
    const kept = new Set(names.map((n) => n.trim().toLowerCase()));
    const unused = await queryRows<{ id: string; name: string }>(
      work.tx,
      kind === 'quadrant'
        ? sql`SELECT id, name FROM ${table} q WHERE NOT EXISTS (SELECT 1 FROM ${radarEntries} e WHERE e.quadrant_id = q.id)`
        : sql`SELECT id, name FROM ${table} r WHERE NOT EXISTS (SELECT 1 FROM ${radarEntryHistory} h WHERE h.ring_id = r.id)`,
    );
    for (const row of unused.filter((r) => !kept.has(r.name.toLowerCase()))) {
      await work.tx.delete(table).where(eq(table.id, row.id));
      const ref = kind === 'quadrant' ? quadrantRef(row.name) : ringRef(row.name);
      changes.push({
        entityType: `radar_${kind}`,
        entityId: row.id,
        entityRef: ref,
        action: 'delete',
        before: { name: row.name },
        reason,
      });
      work.emit(`radar_${kind}`, ref, 'delete');
    }
  }
  await recordChanges(work.tx, ctx, changes);
}

/**
 * The radar as bulk content, for exports (the Argus document's `radar`): what `upsertRadar`
 * takes back, in a stable order (quadrants and rings by position, entries by label, points by
 * date), with no generated ids, so reading the same radar twice gives the same records.
 */
export async function readRadarContent(db: Db): Promise<Required<RadarContent>> {
  const [quadrantRows, ringRows, entryRows, historyRows] = await Promise.all([
    db.select().from(radarQuadrants),
    db.select().from(radarRings),
    db.select().from(radarEntries),
    db.select().from(radarEntryHistory),
  ]);
  const byPosition = (a: { position: number; name: string }, b: typeof a) =>
    a.position - b.position || byText(a.name, b.name);
  const quadrantName = new Map(quadrantRows.map((q) => [q.id, q.name]));
  const ringName = new Map(ringRows.map((r) => [r.id, r.name]));
  historyRows.sort((a, b) => a.date.getTime() - b.date.getTime());
  return {
    quadrants: quadrantRows
      .sort(byPosition)
      .map((q) => ({ name: q.name, position: q.position, description: q.description })),
    rings: ringRows.sort(byPosition).map((r) => ({
      name: r.name,
      position: r.position,
      description: r.description,
      color: r.color,
    })),
    entries: entryRows
      .sort((a, b) => byText(a.label, b.label))
      .map((e) => ({
        label: e.label,
        quadrant: quadrantName.get(e.quadrantId)!,
        description: e.description,
        link: e.link,
        active: e.active,
        history: historyRows
          .filter((h) => h.entryId === e.id)
          .map((h) => ({
            ring: ringName.get(h.ringId)!,
            date: h.date.toISOString(),
            note: h.note,
          })),
      })),
  };
}

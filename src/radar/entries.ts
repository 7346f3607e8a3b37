import { and, eq, sql } from 'drizzle-orm';
import { findComponent } from '../catalog/components.js';
import { findReferenceItem } from '../catalog/reference.js';
import { recordChange } from '../platform/audit/service.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Invalid, NotFound } from '../platform/errors.js';
import { lockScope, selectRows, type Work } from '../platform/unit-of-work.js';
import {
  type EntryCreate,
  type EntryLinkInput,
  type EntryPatch,
  LINK_LISTS,
  type TimelinePointInput,
} from './contract.js';
import { RadarErrors } from './errors.js';
import { entryRef, pointRef } from './refs.js';
import { radarEntries, radarEntryHistory, radarEntryLinks, radarQuadrants } from './schema.js';
import { resolvePart } from './structure.js';

/** Entries, their timeline points and their links to the catalog. Admins write; all audited. */

type EntryRow = typeof radarEntries.$inferSelect;

export async function requireEntry(db: Db, id: string, lock?: 'update'): Promise<EntryRow> {
  const [row] = await selectRows(db, radarEntries, eq(radarEntries.id, id), lock);
  if (!row) throw new NotFound(RadarErrors.notFound, `no radar entry ${id}`);
  return row;
}

async function assertLabelFree(db: Db, label: string, self?: string): Promise<void> {
  const [other] = await selectRows(
    db,
    radarEntries,
    eq(sql`lower(${radarEntries.label})`, label.toLowerCase()),
  );
  if (other && other.id !== self)
    throw Invalid.field(RadarErrors.duplicate, 'label', `an entry "${other.label}" exists`);
}

/** A point's date: given, or now; never in the future, where it would hide the current ring. */
function pointDate(given: string | undefined, now: Date, field: string): Date {
  const date = given ? new Date(given) : now;
  if (date.getTime() > now.getTime())
    throw Invalid.field(RadarErrors.invalid, field, 'a ring change cannot be dated in the future');
  return date;
}

async function quadrantName(db: Db, id: string): Promise<string> {
  const [q] = await db.select().from(radarQuadrants).where(eq(radarQuadrants.id, id));
  return q?.name ?? '';
}

export async function createEntry(
  work: Work,
  ctx: RequestContext,
  input: EntryCreate,
  now: Date,
): Promise<string> {
  await lockScope(work.tx, 'radar-entries');
  await assertLabelFree(work.tx, input.label);
  const quadrant = await resolvePart(work.tx, 'quadrant', input.quadrant, 'quadrant');
  const ring = await resolvePart(work.tx, 'ring', input.ring, 'ring');
  const date = pointDate(input.date, now, 'date');
  const [row] = await work.tx
    .insert(radarEntries)
    .values({
      label: input.label,
      quadrantId: quadrant.id,
      description: input.description ?? '',
      link: input.link ?? '',
      active: input.active ?? true,
    })
    .returning();
  const ref = entryRef(row!.label);
  await recordChange(work.tx, ctx, {
    entityType: 'radar_entry',
    entityId: row!.id,
    entityRef: ref,
    action: 'create',
    after: {
      label: row!.label,
      quadrant: quadrant.name,
      description: row!.description,
      link: row!.link,
      active: row!.active,
    },
  });
  await insertPoint(work, ctx, row!, ring, date, input.note);
  for (const [i, link] of input.links.entries())
    await insertLink(work, ctx, row!, link, `links[${i}]`);
  work.emit('radar_entry', ref, 'create');
  return row!.id;
}

export async function updateEntry(
  work: Work,
  ctx: RequestContext,
  id: string,
  patch: EntryPatch,
): Promise<void> {
  const row = await requireEntry(work.tx, id, 'update');
  if (patch.label !== undefined) {
    await lockScope(work.tx, 'radar-entries');
    await assertLabelFree(work.tx, patch.label, id);
  }
  const quadrant =
    patch.quadrant !== undefined
      ? await resolvePart(work.tx, 'quadrant', patch.quadrant, 'quadrant')
      : undefined;
  const before = {
    label: row.label,
    quadrant: await quadrantName(work.tx, row.quadrantId),
    description: row.description,
    link: row.link,
    active: row.active,
  };
  const after = {
    label: patch.label ?? before.label,
    quadrant: quadrant?.name ?? before.quadrant,
    description: patch.description ?? before.description,
    link: patch.link ?? before.link,
    active: patch.active ?? before.active,
  };
  await work.tx
    .update(radarEntries)
    .set({
      label: after.label,
      quadrantId: quadrant?.id ?? row.quadrantId,
      description: after.description,
      link: after.link,
      active: after.active,
    })
    .where(eq(radarEntries.id, id));
  const recorded = await recordChange(work.tx, ctx, {
    entityType: 'radar_entry',
    entityId: id,
    entityRef: entryRef(after.label),
    action: 'update',
    before,
    after,
  });
  if (recorded > 0) work.emit('radar_entry', entryRef(after.label), 'update');
}

export async function deleteEntry(work: Work, ctx: RequestContext, id: string): Promise<void> {
  const row = await requireEntry(work.tx, id, 'update');
  await work.tx.delete(radarEntries).where(eq(radarEntries.id, id));
  await recordChange(work.tx, ctx, {
    entityType: 'radar_entry',
    entityId: id,
    entityRef: entryRef(row.label),
    action: 'delete',
    before: { label: row.label, quadrant: await quadrantName(work.tx, row.quadrantId) },
  });
  work.emit('radar_entry', entryRef(row.label), 'delete');
}

async function insertPoint(
  work: Work,
  ctx: RequestContext,
  entry: EntryRow,
  ring: { id: string; name: string },
  date: Date,
  note: string,
): Promise<void> {
  const [taken] = await selectRows(
    work.tx,
    radarEntryHistory,
    and(eq(radarEntryHistory.entryId, entry.id), eq(radarEntryHistory.date, date)),
  );
  if (taken)
    throw Invalid.field(
      RadarErrors.duplicate,
      'date',
      `"${entry.label}" already has a point at ${date.toISOString()}`,
    );
  const [point] = await work.tx
    .insert(radarEntryHistory)
    .values({ entryId: entry.id, ringId: ring.id, date, note })
    .returning();
  await recordChange(work.tx, ctx, {
    entityType: 'radar_entry_history',
    entityId: point!.id,
    entityRef: pointRef(entry.label, date),
    action: 'create',
    after: { ring: ring.name, date: date.toISOString(), note },
  });
}

/** Adds a dated ring change; the newest point is the entry's ring. */
export async function addPoint(
  work: Work,
  ctx: RequestContext,
  id: string,
  input: TimelinePointInput,
  now: Date,
): Promise<void> {
  const entry = await requireEntry(work.tx, id, 'update');
  const ring = await resolvePart(work.tx, 'ring', input.ring, 'ring');
  await insertPoint(work, ctx, entry, ring, pointDate(input.date, now, 'date'), input.note);
  work.emit('radar_entry', entryRef(entry.label), 'update');
}

/** Removes a point; the last one stays, so every entry keeps a ring. */
export async function removePoint(
  work: Work,
  ctx: RequestContext,
  id: string,
  pointId: string,
): Promise<void> {
  const entry = await requireEntry(work.tx, id, 'update');
  const points = await selectRows(work.tx, radarEntryHistory, eq(radarEntryHistory.entryId, id));
  const point = points.find((p) => p.id === pointId);
  if (!point) throw new NotFound(RadarErrors.notFound, `no point ${pointId} on "${entry.label}"`);
  if (points.length === 1)
    throw Invalid.field(
      RadarErrors.invalid,
      'pointId',
      'the only point of an entry stays: add the right one first, or delete the entry',
    );
  await work.tx.delete(radarEntryHistory).where(eq(radarEntryHistory.id, pointId));
  await recordChange(work.tx, ctx, {
    entityType: 'radar_entry_history',
    entityId: pointId,
    entityRef: pointRef(entry.label, point.date),
    action: 'delete',
    before: { date: point.date.toISOString(), note: point.note },
  });
  work.emit('radar_entry', entryRef(entry.label), 'update');
}

async function insertLink(
  work: Work,
  ctx: RequestContext,
  entry: EntryRow,
  input: EntryLinkInput,
  field: string,
): Promise<string> {
  let values: typeof radarEntryLinks.$inferInsert;
  let target: string;
  if (input.kind === 'component') {
    const body = input.target.replace(/^component:/i, '');
    const [namespace, name] = body.includes('/') ? body.split('/', 2) : ['default', body];
    const component = await findComponent(work.tx, { namespace: namespace!, name: name! });
    if (!component)
      throw Invalid.field(
        RadarErrors.unknownReference,
        `${field}.target`,
        `no component ${namespace}/${name}`,
      );
    values = { entryId: entry.id, componentId: component.id };
    target = `component:${component.namespace}/${component.name}`;
  } else {
    const list = LINK_LISTS[input.kind];
    const item = await findReferenceItem(work.tx, list, input.target, 'share');
    if (!item)
      throw Invalid.field(
        RadarErrors.unknownReference,
        `${field}.target`,
        `no ${input.kind} "${input.target}" in the list ${list}`,
      );
    values = { entryId: entry.id, referenceItemId: item.id };
    target = item.name;
  }
  const [row] = await work.tx
    .insert(radarEntryLinks)
    .values(values)
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw Invalid.field(RadarErrors.duplicate, `${field}.target`, `already linked to ${target}`);
  await recordChange(work.tx, ctx, {
    entityType: 'radar_entry_link',
    entityId: row.id,
    entityRef: `${entryRef(entry.label)}->${target}`,
    action: 'create',
    after: { kind: input.kind, target },
  });
  return row.id;
}

export async function addLink(
  work: Work,
  ctx: RequestContext,
  id: string,
  input: EntryLinkInput,
): Promise<string> {
  const entry = await requireEntry(work.tx, id, 'update');
  const linkId = await insertLink(work, ctx, entry, input, 'link');
  work.emit('radar_entry', entryRef(entry.label), 'update');
  return linkId;
}

export async function removeLink(
  work: Work,
  ctx: RequestContext,
  id: string,
  linkId: string,
): Promise<void> {
  const entry = await requireEntry(work.tx, id, 'update');
  const [link] = await selectRows(
    work.tx,
    radarEntryLinks,
    and(eq(radarEntryLinks.id, linkId), eq(radarEntryLinks.entryId, id)),
  );
  if (!link) throw new NotFound(RadarErrors.notFound, `no link ${linkId} on "${entry.label}"`);
  await work.tx.delete(radarEntryLinks).where(eq(radarEntryLinks.id, linkId));
  await recordChange(work.tx, ctx, {
    entityType: 'radar_entry_link',
    entityId: linkId,
    entityRef: entryRef(entry.label),
    action: 'delete',
    before: { referenceItemId: link.referenceItemId, componentId: link.componentId },
  });
  work.emit('radar_entry', entryRef(entry.label), 'update');
}

import { asc } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { radarEntries, radarEntryHistory, radarQuadrants, radarRings } from '../../radar/schema.js';
import { readRequirementRecords } from '../../requirements/bulk-read.js';
import { byText, readCatalogRecords } from '../bulk/read.js';
import { ARGUS_FORMAT, ARGUS_FORMAT_VERSION, type ArgusDocument } from './document.js';

/**
 * Reads everything an Argus document holds: the catalog's records (catalog/bulk/read.ts), the
 * requirements module's (requirements/bulk-read.ts), then the radar, in a stable order, so
 * exporting twice gives the same bytes.
 */
export async function readCatalog(db: Db): Promise<ArgusDocument> {
  const { records, naming } = await readCatalogRecords(db);
  const requirementRecords = await readRequirementRecords(db, naming);

  const quadrantRows = await db.select().from(radarQuadrants);
  const ringRows = await db.select().from(radarRings);
  const quadrantName = new Map(quadrantRows.map((q) => [q.id, q.name]));
  const ringName = new Map(ringRows.map((r) => [r.id, r.name]));
  const entryRows = await db.select().from(radarEntries);
  const historyRows = await db
    .select()
    .from(radarEntryHistory)
    .orderBy(asc(radarEntryHistory.date));
  const radar = {
    quadrants: quadrantRows
      .sort((a, b) => a.position - b.position || byText(a.name, b.name))
      .map((q) => ({ name: q.name, position: q.position, description: q.description })),
    rings: ringRows
      .sort((a, b) => a.position - b.position || byText(a.name, b.name))
      .map((r) => ({
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

  return {
    format: ARGUS_FORMAT,
    version: ARGUS_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    ...records,
    ...requirementRecords,
    radar,
  };
}

import { asc } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { radarEntries, radarEntryHistory, radarQuadrants, radarRings } from '../../radar/schema.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirementStatuses,
  requirements,
} from '../../requirements/schema.js';
import { byText, readCatalogRecords } from '../bulk/read.js';
import { ARGUS_FORMAT, ARGUS_FORMAT_VERSION, type ArgusDocument } from './document.js';

/**
 * Reads everything an Argus document holds: the catalog's records (catalog/bulk/read.ts), then
 * requirements and the radar, in a stable order, so exporting twice gives the same bytes.
 */
export async function readCatalog(db: Db): Promise<ArgusDocument> {
  const { records, naming } = await readCatalogRecords(db);
  const { teamName, versionOf } = naming;
  const requirementRows = await db.select().from(requirements);
  const levelName = new Map((await db.select().from(requirementLevels)).map((l) => [l.id, l.name]));
  const titleById = new Map(requirementRows.map((r) => [r.id, r.title]));
  const requirementDocs = requirementRows
    .sort((a, b) => byText(a.title, b.title))
    .map((r) => ({
      title: r.title,
      description: r.description,
      mandatory: r.mandatory,
      level: r.levelId ? (levelName.get(r.levelId) ?? null) : null,
    }));
  const setRows = await db.select().from(requirementSets);
  const setMembers = await db.select().from(requirementSetMembers);
  const setReviewers = await db.select().from(requirementSetReviewers);
  const setDocs = setRows
    .sort((a, b) => a.position - b.position || byText(a.name, b.name))
    .map((set) => ({
      name: set.name,
      description: set.description,
      docLink: set.docLink,
      position: set.position,
      applicability: set.applicability,
      reviewerTeams: setReviewers
        .filter((r) => r.setId === set.id)
        .map((r) => teamName.get(r.teamId)!)
        .sort(byText),
      requirements: setMembers
        .filter((m) => m.setId === set.id)
        .sort((a, b) => a.position - b.position)
        .map((m) => titleById.get(m.requirementId)!),
    }));
  const statusRows = await db.select().from(requirementStatuses);
  const statusDocs = statusRows
    .map((st) => {
      const version = versionOf.get(st.versionId)!;
      return {
        component: version.component,
        version: version.version,
        requirement: titleById.get(st.requirementId)!,
        ownerStatus: st.ownerStatus,
        ownerNotes: st.ownerNotes,
        reviewerStatus: st.reviewerStatus,
        reviewerNotes: st.reviewerNotes,
        updatedAt: st.updatedAt.toISOString(),
        order: version.order,
      };
    })
    .sort((a, b) => a.order - b.order || byText(a.requirement, b.requirement))
    .map(({ order: _o, ...st }) => st);

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
    requirementSets: setDocs,
    requirements: requirementDocs,
    requirementStatuses: statusDocs,
    radar,
  };
}

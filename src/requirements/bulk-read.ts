import { byText } from '../catalog/bulk/read.js';
import type { Db } from '../platform/db.js';
import type { RequirementRecords } from './records.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirementStatuses,
  requirements,
} from './schema.js';

/** How requirement records name the catalog's rows (catalog/bulk/read.ts CatalogNaming). */
export interface RequirementNaming {
  teamName: ReadonlyMap<string, string>;
  versionOf: ReadonlyMap<string, { component: string; version: string; order: number }>;
}

/**
 * Everything the module holds as the records the operations above take, in a stable order
 * (requirements by title, sets by position, statuses in the catalog's version order), so an
 * export read twice is the same and imports back to the same data.
 */
export async function readRequirementRecords(
  db: Db,
  naming: RequirementNaming,
): Promise<RequirementRecords> {
  const { teamName, versionOf } = naming;
  const requirementRows = await db.select().from(requirements);
  const levelName = new Map((await db.select().from(requirementLevels)).map((l) => [l.id, l.name]));
  const titleById = new Map(requirementRows.map((row) => [row.id, row.title]));
  const requirementRecords = requirementRows
    .sort((x, y) => byText(x.title, y.title))
    .map((row) => ({
      title: row.title,
      description: row.description,
      mandatory: row.mandatory,
      level: row.levelId ? (levelName.get(row.levelId) ?? null) : null,
    }));
  const setRows = await db.select().from(requirementSets);
  const setMembers = await db.select().from(requirementSetMembers);
  const setReviewers = await db.select().from(requirementSetReviewers);
  const setRecords = setRows
    .sort((x, y) => x.position - y.position || byText(x.name, y.name))
    .map((set) => ({
      name: set.name,
      description: set.description,
      docLink: set.docLink,
      position: set.position,
      applicability: set.applicability,
      reviewerTeams: setReviewers
        .filter((x) => x.setId === set.id)
        .map((x) => teamName.get(x.teamId)!)
        .sort(byText),
      requirements: setMembers
        .filter((m) => m.setId === set.id)
        .sort((x, y) => x.position - y.position)
        .map((m) => titleById.get(m.requirementId)!),
    }));
  const statusRows = await db.select().from(requirementStatuses);
  const statusRecords = statusRows
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
    .sort((x, y) => x.order - y.order || byText(x.requirement, y.requirement))
    .map(({ order: _o, ...st }) => st);
  return {
    requirementSets: setRecords,
    requirements: requirementRecords,
    requirementStatuses: statusRecords,
  };
}

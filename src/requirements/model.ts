/**
 * The definitions every read view starts from: the ladder of levels, the sets in display order
 * with their reviewer teams and applicability, and the requirements with their places in sets.
 * A few dozen rows on any instance, read in four queries.
 */
import { asc, eq } from 'drizzle-orm';
import { teams } from '../catalog/schema.js';
import type { Db } from '../platform/db.js';
import type { LevelRef, RequirementBrief } from './contract.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirements,
} from './schema.js';

export interface ModelLevel extends LevelRef {
  position: number;
}

export interface ModelSet {
  id: string;
  name: string;
  description: string;
  docLink: string;
  position: number;
  applicability: string | null;
  reviewerTeamIds: string[];
  reviewerTeams: string[];
  /** Its requirements' ids in the set's order. */
  requirementIds: string[];
}

export interface ModelRequirement extends RequirementBrief {
  description: string;
  levelId: string | null;
  /** Ids of the sets holding it, in display order of the sets. */
  setIds: string[];
}

export interface RequirementModel {
  /** Lowest first. */
  ladder: ModelLevel[];
  /** In display order. */
  sets: ModelSet[];
  setById: Map<string, ModelSet>;
  requirementById: Map<string, ModelRequirement>;
}

export async function loadRequirementModel(db: Db): Promise<RequirementModel> {
  const [levelRows, setRows, reviewerRows, requirementRows, memberRows] = await Promise.all([
    db
      .select()
      .from(requirementLevels)
      .orderBy(asc(requirementLevels.position), asc(requirementLevels.name)),
    db
      .select()
      .from(requirementSets)
      .orderBy(asc(requirementSets.position), asc(requirementSets.name)),
    db
      .select({ setId: requirementSetReviewers.setId, teamId: teams.id, team: teams.name })
      .from(requirementSetReviewers)
      .innerJoin(teams, eq(teams.id, requirementSetReviewers.teamId))
      .orderBy(asc(teams.name)),
    db.select().from(requirements),
    db
      .select()
      .from(requirementSetMembers)
      .orderBy(asc(requirementSetMembers.position), asc(requirementSetMembers.requirementId)),
  ]);
  const ladder = levelRows.map((l) => ({
    id: l.id,
    name: l.name,
    color: l.color,
    position: l.position,
  }));
  const levelName = new Map(ladder.map((l) => [l.id, l.name]));
  const sets: ModelSet[] = setRows.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    docLink: s.docLink,
    position: s.position,
    applicability: s.applicability,
    reviewerTeamIds: [],
    reviewerTeams: [],
    requirementIds: [],
  }));
  const setById = new Map(sets.map((s) => [s.id, s]));
  for (const r of reviewerRows) {
    setById.get(r.setId)?.reviewerTeamIds.push(r.teamId);
    setById.get(r.setId)?.reviewerTeams.push(r.team);
  }
  const requirementById = new Map<string, ModelRequirement>(
    requirementRows.map((r) => [
      r.id,
      {
        id: r.id,
        title: r.title,
        description: r.description,
        mandatory: r.mandatory,
        levelId: r.levelId,
        level: r.levelId ? (levelName.get(r.levelId) ?? null) : null,
        setIds: [],
      },
    ]),
  );
  for (const m of memberRows) setById.get(m.setId)?.requirementIds.push(m.requirementId);
  for (const set of sets)
    for (const id of set.requirementIds) requirementById.get(id)?.setIds.push(set.id);
  return { ladder, sets, setById, requirementById };
}

/** The brief of a requirement as answers name it. */
export function briefOf(requirement: ModelRequirement): RequirementBrief {
  return {
    id: requirement.id,
    title: requirement.title,
    mandatory: requirement.mandatory,
    level: requirement.level,
  };
}

export function levelRefOf(level: ModelLevel): LevelRef {
  return { id: level.id, name: level.name, color: level.color };
}

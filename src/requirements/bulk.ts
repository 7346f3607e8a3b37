import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { CatalogImport } from '../catalog/bulk/import.js';
import { changedFields, pickFields } from '../platform/audit/service.js';
import { insertMany } from '../platform/bulk-insert.js';
import { applicabilityProblem, normalizeApplicability } from './applicability.js';
import { requirementKeys } from './keys.js';
import { RequirementRecord, RequirementSetRecord } from './records.js';
import { requirementRef } from './requirements.js';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirements,
} from './schema.js';
import { setRef } from './sets.js';

/**
 * Bulk operations of the requirements module, for importers (Argus JSON, Panopticum): add and
 * update requirements, sets and (bulk-statuses.ts) per-version statuses, matched by title, name
 * and (component, version, requirement), ignoring case, so the same file imported twice changes
 * nothing. Each checks its records through records.ts (the API's contract), plans without
 * writing so every problem of an import is reported at once, and writes in batches with its
 * history through the import's audit batch (the one audit service). They run inside the
 * catalog's import (CatalogImport): statuses name versions the same import may create.
 */

type Row = Record<string, unknown>;

const low = (s: string) => s.trim().toLowerCase();

/** What the three operations of one import share: the requirements by lower-cased title. */
export class RequirementsImport {
  readonly requirements = new Map<string, { id: string; title: string }>();
  readonly titleById = new Map<string, string>();

  constructor(readonly b: CatalogImport) {}
}

const REQUIREMENT_FIELDS = ['title', 'description', 'mandatory', 'level'] as const;

/** Adds requirements and updates those that exist (by title); `level` names a level of the ladder. */
export async function importRequirements(
  r: RequirementsImport,
  records: RequirementRecord[],
  at = 'requirements',
): Promise<void> {
  const { b } = r;
  b.check(RequirementRecord, records, at);
  const rows = await b.tx.select().from(requirements);
  const levels = await b.tx.select().from(requirementLevels);
  const levelName = new Map(levels.map((l) => [l.id, l.name]));
  const levelByName = new Map(levels.map((l) => [low(l.name), l]));
  const existing = new Map(rows.map((row) => [low(row.title), row]));
  for (const row of rows) {
    r.requirements.set(low(row.title), { id: row.id, title: row.title });
    r.titleById.set(row.id, row.title);
  }
  const asRecord = (row: typeof requirements.$inferSelect): Row => ({
    title: row.title,
    description: row.description,
    mandatory: row.mandatory,
    level: row.levelId ? (levelName.get(row.levelId) ?? null) : null,
  });
  const toColumns = (fields: Row): Row => {
    const { level, ...rest } = fields;
    if (!('level' in fields)) return rest;
    return { ...rest, levelId: level ? levelByName.get(low(String(level)))!.id : null };
  };
  const inserts: (typeof requirements.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const model = 'requirements';
  const seen = new Set<string>();
  records.forEach((record, i) => {
    b.counts.add(model, 'read');
    const title = record.title.trim();
    const lower = low(title);
    if (seen.has(lower)) {
      b.problem(`${at}[${i}].title`, `requirement "${record.title}" is listed twice`);
      return;
    }
    seen.add(lower);
    const given: Row = { title };
    for (const f of REQUIREMENT_FIELDS)
      if (record[f] !== undefined && f !== 'title') given[f] = record[f];
    if (given.level) {
      const level = levelByName.get(low(String(given.level)));
      if (!level) {
        b.problem(`${at}[${i}].level`, `no level "${given.level}" in the ladder`);
        return;
      }
      given.level = level.name;
    }
    const row = existing.get(lower);
    const key = requirementKeys.requirement(title);
    if (row) {
      const before = asRecord(row);
      const after = { ...before, ...given };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id, set: toColumns(pickFields(after, changed)) });
        b.audit.updated('requirement', row.id, requirementRef(String(after.title)), before, after);
      }
      r.requirements.set(lower, { id: row.id, title: String(after.title) });
      r.titleById.set(row.id, String(after.title));
      b.outcome(model, key, 'updated');
    } else {
      const id = randomUUID();
      const values = { title, description: '', mandatory: false, level: null, ...given };
      inserts.push({ id, ...toColumns(values) } as typeof requirements.$inferInsert);
      r.requirements.set(lower, { id, title });
      r.titleById.set(id, title);
      b.audit.created(
        'requirement',
        id,
        requirementRef(title),
        pickFields(values, REQUIREMENT_FIELDS),
      );
      b.outcome(model, key, 'created');
    }
  });
  b.steps.push({
    phase: 'requirements',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, requirements, inserts, tick);
      for (const u of updates)
        await b.tx.update(requirements).set(u.set).where(eq(requirements.id, u.id));
    },
  });
}

const SET_FIELDS = ['name', 'description', 'docLink', 'position', 'applicability'] as const;

/**
 * Adds requirement sets and updates those that exist (by name): reviewer teams by name and the
 * requirements in display order, each replacing what the set held when given. An applicability
 * filter is checked as the API checks it.
 */
export async function importRequirementSets(
  r: RequirementsImport,
  records: RequirementSetRecord[],
  at = 'requirementSets',
): Promise<void> {
  const { b } = r;
  b.check(RequirementSetRecord, records, at);
  const rows = await b.tx.select().from(requirementSets);
  const members = await b.tx.select().from(requirementSetMembers);
  const reviewers = await b.tx.select().from(requirementSetReviewers);
  const teamName = new Map([...b.teams.values()].map((t) => [t.id, t.name]));
  const existing = new Map(rows.map((row) => [low(row.name), row]));
  const membersOf = (setId: string) =>
    members
      .filter((m) => m.setId === setId)
      .sort((x, y) => x.position - y.position)
      .map((m) => r.titleById.get(m.requirementId) ?? m.requirementId);
  const reviewersOf = (setId: string) =>
    reviewers
      .filter((x) => x.setId === setId)
      .map((x) => teamName.get(x.teamId) ?? x.teamId)
      .sort();

  const inserts: (typeof requirementSets.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const memberWrites: { setId: string; ids: string[]; replace: boolean }[] = [];
  const reviewerWrites: { setId: string; ids: string[]; replace: boolean }[] = [];
  const model = 'requirement_sets';
  const seen = new Set<string>();
  records.forEach((set, i) => {
    b.counts.add(model, 'read');
    const path = `${at}[${i}]`;
    const name = set.name.trim();
    const lower = low(name);
    if (seen.has(lower)) {
      b.problem(`${path}.name`, `requirement set "${set.name}" is listed twice`);
      return;
    }
    seen.add(lower);
    let requirementIds: string[] | undefined;
    let requirementTitles: string[] | undefined;
    if (set.requirements) {
      const found = set.requirements
        .map((title, j) => {
          const requirement = r.requirements.get(low(title));
          if (!requirement) b.problem(`${path}.requirements[${j}]`, `no requirement "${title}"`);
          return requirement;
        })
        .filter((x): x is NonNullable<typeof x> => x !== undefined);
      const unique = [...new Map(found.map((x) => [x.id, x])).values()];
      requirementIds = unique.map((x) => x.id);
      requirementTitles = unique.map((x) => x.title);
    }
    let reviewerIds: string[] | undefined;
    let reviewerNames: string[] | undefined;
    if (set.reviewerTeams) {
      const found = set.reviewerTeams
        .map((team, j) => {
          const entry = b.teams.get(low(team).replace(/^group:(default\/)?/, ''));
          if (!entry) b.problem(`${path}.reviewerTeams[${j}]`, `no team "${team}"`);
          return entry;
        })
        .filter((t): t is NonNullable<typeof t> => t !== undefined);
      const unique = [...new Map(found.map((t) => [t.id, t])).values()];
      reviewerIds = unique.map((t) => t.id);
      reviewerNames = unique.map((t) => t.name).sort();
    }
    const given: Row = { name };
    for (const f of SET_FIELDS) if (set[f] !== undefined && f !== 'name') given[f] = set[f];
    if ('applicability' in given) {
      const applicability = normalizeApplicability(given.applicability as string | null);
      const problem = applicability === null ? null : applicabilityProblem(applicability);
      if (problem) b.problem(`${path}.applicability`, problem);
      given.applicability = applicability;
    }
    const row = existing.get(lower);
    if (row) {
      const before: Row = {
        ...pickFields(row as Row, SET_FIELDS),
        requirements: membersOf(row.id),
        reviewerTeams: reviewersOf(row.id),
      };
      const after: Row = { ...before, ...given };
      if (requirementTitles) after.requirements = requirementTitles;
      if (reviewerNames) after.reviewerTeams = reviewerNames;
      const changed = changedFields(before, after);
      const columns = changed.filter((f) => (SET_FIELDS as readonly string[]).includes(f));
      if (columns.length > 0) updates.push({ id: row.id, set: pickFields(after, columns) });
      if (changed.includes('requirements'))
        memberWrites.push({ setId: row.id, ids: requirementIds!, replace: true });
      if (changed.includes('reviewerTeams'))
        reviewerWrites.push({ setId: row.id, ids: reviewerIds!, replace: true });
      b.audit.updated('requirement_set', row.id, setRef(String(after.name)), before, after);
      b.outcome(model, requirementKeys.requirementSet(name), 'updated');
    } else {
      const id = randomUUID();
      const values = {
        id,
        description: '',
        docLink: '',
        position: 0,
        applicability: null,
        ...given,
      } as typeof requirementSets.$inferInsert;
      inserts.push(values);
      if (requirementIds) memberWrites.push({ setId: id, ids: requirementIds, replace: false });
      if (reviewerIds) reviewerWrites.push({ setId: id, ids: reviewerIds, replace: false });
      b.audit.created('requirement_set', id, setRef(name), {
        ...pickFields(values as Row, SET_FIELDS),
        requirements: requirementTitles ?? [],
        reviewerTeams: reviewerNames ?? [],
      });
      b.outcome(model, requirementKeys.requirementSet(name), 'created');
    }
  });
  b.steps.push({
    phase: 'requirement sets',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, requirementSets, inserts, tick);
      for (const u of updates)
        await b.tx.update(requirementSets).set(u.set).where(eq(requirementSets.id, u.id));
      const memberRows: (typeof requirementSetMembers.$inferInsert)[] = [];
      for (const m of memberWrites) {
        if (m.replace)
          await b.tx.delete(requirementSetMembers).where(eq(requirementSetMembers.setId, m.setId));
        m.ids.forEach((requirementId, position) => {
          memberRows.push({ setId: m.setId, requirementId, position });
        });
      }
      await insertMany(b.tx, requirementSetMembers, memberRows);
      const reviewerRows: (typeof requirementSetReviewers.$inferInsert)[] = [];
      for (const w of reviewerWrites) {
        if (w.replace)
          await b.tx
            .delete(requirementSetReviewers)
            .where(eq(requirementSetReviewers.setId, w.setId));
        for (const teamId of w.ids) reviewerRows.push({ setId: w.setId, teamId });
      }
      await insertMany(b.tx, requirementSetReviewers, reviewerRows);
    },
  });
}

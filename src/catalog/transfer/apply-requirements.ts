import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import {
  requirementLevels,
  requirementSetMembers,
  requirementSetReviewers,
  requirementSets,
  requirementStatuses,
  requirements,
} from '../../requirements/schema.js';
import { teams } from '../schema.js';
import { type ApplyState, formatRef } from './apply-state.js';
import { changedFields, insertMany } from './bulk.js';
import { keys } from './keys.js';

/** Requirement sets, requirements and per-version statuses (PRODUCT 2). */

type Row = Record<string, unknown>;

const REQUIREMENT_FIELDS = ['title', 'description', 'mandatory', 'level'] as const;

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

export async function planRequirements(s: ApplyState): Promise<Map<string, string>> {
  const rows = await s.tx.select().from(requirements);
  // Documents name a requirement's level; the table holds the id of a level of the ladder.
  const levels = await s.tx.select().from(requirementLevels);
  const levelName = new Map(levels.map((l) => [l.id, l.name]));
  const levelByName = new Map(levels.map((l) => [l.name.toLowerCase(), l]));
  const titleById = new Map(rows.map((r) => [r.id, r.title]));
  const existing = new Map(rows.map((r) => [r.title.toLowerCase(), r]));
  for (const r of rows) s.requirements.set(r.title.toLowerCase(), { id: r.id, name: r.title });
  const asDoc = (r: typeof requirements.$inferSelect): Row => ({
    title: r.title,
    description: r.description,
    mandatory: r.mandatory,
    level: r.levelId ? (levelName.get(r.levelId) ?? null) : null,
  });
  const toColumns = (fields: Row): Row => {
    const { level, ...rest } = fields;
    if (!('level' in fields)) return rest;
    return { ...rest, levelId: level ? levelByName.get(String(level).toLowerCase())!.id : null };
  };
  const inserts: (typeof requirements.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const model = 'requirements';
  const seen = new Set<string>();
  s.doc.requirements.forEach((r, i) => {
    s.counts.add(model, 'read');
    const lower = r.title.trim().toLowerCase();
    if (seen.has(lower)) {
      s.problem(`requirements[${i}].title`, `requirement "${r.title}" is listed twice`);
      return;
    }
    seen.add(lower);
    const given: Row = { title: r.title.trim() };
    for (const f of REQUIREMENT_FIELDS) if (r[f] !== undefined && f !== 'title') given[f] = r[f];
    if (given.level) {
      const level = levelByName.get(String(given.level).toLowerCase());
      if (!level) {
        s.problem(`requirements[${i}].level`, `no level "${given.level}" in the ladder`);
        return;
      }
      given.level = level.name;
    }
    const row = existing.get(lower);
    const ref = `requirement:${given.title}`;
    if (row) {
      const before = asDoc(row);
      const after = { ...before, ...given };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id, set: toColumns(pick(after, changed)) });
        s.audit.updated('requirement', row.id, ref, before, after);
      }
      s.outcome(model, keys.requirement(r.title), 'updated');
    } else {
      const id = randomUUID();
      const values = {
        title: r.title.trim(),
        description: '',
        mandatory: false,
        level: null,
        ...given,
      };
      inserts.push({ id, ...toColumns(values) } as typeof requirements.$inferInsert);
      s.requirements.set(lower, { id, name: values.title as string });
      titleById.set(id, values.title as string);
      s.audit.created('requirement', id, ref, pick(values, REQUIREMENT_FIELDS));
      s.outcome(model, keys.requirement(r.title), 'created');
    }
  });
  s.steps.push({
    phase: 'requirements',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, requirements, inserts, tick);
      for (const u of updates)
        await s.tx.update(requirements).set(u.set).where(eq(requirements.id, u.id));
    },
  });
  return titleById;
}

const SET_FIELDS = ['name', 'description', 'docLink', 'position', 'applicability'] as const;

export async function planRequirementSets(
  s: ApplyState,
  titleById: Map<string, string>,
): Promise<void> {
  const rows = await s.tx.select().from(requirementSets);
  const members = await s.tx.select().from(requirementSetMembers);
  const reviewers = await s.tx
    .select({ setId: requirementSetReviewers.setId, name: teams.name })
    .from(requirementSetReviewers)
    .innerJoin(teams, eq(teams.id, requirementSetReviewers.teamId));
  const existing = new Map(rows.map((r) => [r.name.toLowerCase(), r]));
  const membersOf = (setId: string) =>
    members
      .filter((m) => m.setId === setId)
      .sort((a, b) => a.position - b.position)
      .map((m) => titleById.get(m.requirementId) ?? m.requirementId);
  const reviewersOf = (setId: string) =>
    reviewers
      .filter((r) => r.setId === setId)
      .map((r) => r.name)
      .sort();

  const inserts: (typeof requirementSets.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const memberWrites: { setId: string; ids: string[]; replace: boolean }[] = [];
  const reviewerWrites: { setId: string; ids: string[]; replace: boolean }[] = [];
  const model = 'requirement_sets';
  const seen = new Set<string>();
  s.doc.requirementSets.forEach((set, i) => {
    s.counts.add(model, 'read');
    const path = `requirementSets[${i}]`;
    const lower = set.name.trim().toLowerCase();
    if (seen.has(lower)) {
      s.problem(`${path}.name`, `requirement set "${set.name}" is listed twice`);
      return;
    }
    seen.add(lower);
    let requirementIds: string[] | undefined;
    let requirementTitles: string[] | undefined;
    if (set.requirements) {
      const found = set.requirements
        .map((title, j) => {
          const r = s.requirements.get(title.trim().toLowerCase());
          if (!r) s.problem(`${path}.requirements[${j}]`, `no requirement "${title}"`);
          return r;
        })
        .filter((r): r is NonNullable<typeof r> => r !== undefined);
      const unique = [...new Map(found.map((r) => [r.id, r])).values()];
      requirementIds = unique.map((r) => r.id);
      requirementTitles = unique.map((r) => r.name);
    }
    let reviewerIds: string[] | undefined;
    let reviewerNames: string[] | undefined;
    if (set.reviewerTeams) {
      const found = set.reviewerTeams
        .map((name, j) => {
          const team = s.teams.get(name.toLowerCase().replace(/^group:(default\/)?/, ''));
          if (!team) s.problem(`${path}.reviewerTeams[${j}]`, `no team "${name}"`);
          return team;
        })
        .filter((t): t is NonNullable<typeof t> => t !== undefined);
      const unique = [...new Map(found.map((t) => [t.id, t])).values()];
      reviewerIds = unique.map((t) => t.id);
      reviewerNames = unique.map((t) => t.name).sort();
    }
    const given: Row = { name: set.name.trim() };
    for (const f of SET_FIELDS) if (set[f] !== undefined && f !== 'name') given[f] = set[f];
    const row = existing.get(lower);
    const ref = `requirement-set:${given.name}`;
    if (row) {
      const before: Row = {
        ...pick(row as Row, SET_FIELDS),
        requirements: membersOf(row.id),
        reviewerTeams: reviewersOf(row.id),
      };
      const after: Row = { ...before, ...given };
      if (requirementTitles) after.requirements = requirementTitles;
      if (reviewerNames) after.reviewerTeams = reviewerNames;
      const changed = changedFields(before, after);
      const columns = changed.filter((f) => (SET_FIELDS as readonly string[]).includes(f));
      if (columns.length > 0) updates.push({ id: row.id, set: pick(after, columns) });
      if (changed.includes('requirements'))
        memberWrites.push({ setId: row.id, ids: requirementIds!, replace: true });
      if (changed.includes('reviewerTeams'))
        reviewerWrites.push({ setId: row.id, ids: reviewerIds!, replace: true });
      s.audit.updated('requirement_set', row.id, ref, before, after);
      s.outcome(model, keys.requirementSet(set.name), 'updated');
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
      s.audit.created('requirement_set', id, ref, {
        ...pick(values as Row, SET_FIELDS),
        requirements: requirementTitles ?? [],
        reviewerTeams: reviewerNames ?? [],
      });
      s.outcome(model, keys.requirementSet(set.name), 'created');
    }
  });
  s.steps.push({
    phase: 'requirement sets',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, requirementSets, inserts, tick);
      for (const u of updates)
        await s.tx.update(requirementSets).set(u.set).where(eq(requirementSets.id, u.id));
      const memberRows: (typeof requirementSetMembers.$inferInsert)[] = [];
      for (const m of memberWrites) {
        if (m.replace)
          await s.tx.delete(requirementSetMembers).where(eq(requirementSetMembers.setId, m.setId));
        m.ids.forEach((requirementId, position) => {
          memberRows.push({ setId: m.setId, requirementId, position });
        });
      }
      await insertMany(s.tx, requirementSetMembers, memberRows);
      const reviewerRows: (typeof requirementSetReviewers.$inferInsert)[] = [];
      for (const r of reviewerWrites) {
        if (r.replace)
          await s.tx
            .delete(requirementSetReviewers)
            .where(eq(requirementSetReviewers.setId, r.setId));
        for (const teamId of r.ids) reviewerRows.push({ setId: r.setId, teamId });
      }
      await insertMany(s.tx, requirementSetReviewers, reviewerRows);
    },
  });
}

const STATUS_FIELDS = ['ownerStatus', 'ownerNotes', 'reviewerStatus', 'reviewerNotes'] as const;

interface StatusGroup {
  versionId: string;
  requirementId: string;
  key: string;
  ref: string;
  given: Row;
  updatedAt?: Date;
}

export async function planRequirementStatuses(s: ApplyState): Promise<void> {
  const model = 'requirement_statuses';
  // Records for the same (version, requirement) merge: Panopticum keeps the owner's and the
  // reviewer's status in two records, Argus in one row.
  const groups = new Map<string, StatusGroup>();
  const members: (string | null)[] = [];
  s.doc.requirementStatuses.forEach((st, i) => {
    s.counts.add(model, 'read');
    members.push(null);
    const path = `requirementStatuses[${i}]`;
    const componentKey = s.componentKeyOf(st.component, `${path}.component`);
    if (!componentKey) return;
    const versionKey = keys.version(componentKey, st.version);
    const version = s.versions.get(versionKey);
    const component = s.components.get(componentKey)!;
    if (!version) {
      s.problem(`${path}.version`, `${formatRef(component)} has no version "${st.version}"`);
      return;
    }
    const requirement = s.requirements.get(st.requirement.trim().toLowerCase());
    if (!requirement) {
      s.problem(`${path}.requirement`, `no requirement "${st.requirement}"`);
      return;
    }
    const match = `${version.id}#${requirement.id}`;
    const group = groups.get(match) ?? {
      versionId: version.id,
      requirementId: requirement.id,
      key: keys.status(versionKey, keys.requirement(requirement.name)),
      ref: `${formatRef(component)}@${version.version}#${requirement.name}`,
      given: {},
    };
    for (const f of STATUS_FIELDS) if (st[f] !== undefined) group.given[f] = st[f];
    if (st.updatedAt) group.updatedAt = new Date(st.updatedAt);
    groups.set(match, group);
    members[i] = match;
  });

  const created = new Set([...s.versions.values()].filter((v) => v.created).map((v) => v.id));
  const versionIds = [...new Set([...groups.values()].map((g) => g.versionId))].filter(
    (id) => !created.has(id),
  );
  const rows =
    versionIds.length === 0
      ? []
      : await s.tx
          .select()
          .from(requirementStatuses)
          .where(sql`${requirementStatuses.versionId} = ANY(${sql.param(versionIds)}::uuid[])`);
  const existing = new Map(rows.map((r) => [`${r.versionId}#${r.requirementId}`, r]));
  const inserts: (typeof requirementStatuses.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const outcomes = new Map<string, 'created' | 'updated'>();
  for (const [match, g] of groups) {
    const row = existing.get(match);
    if (row) {
      const before = pick(row as Row, STATUS_FIELDS);
      const after = { ...before, ...g.given };
      const set: Row = pick(after, changedFields(before, after));
      if (g.updatedAt && row.updatedAt.getTime() !== g.updatedAt.getTime())
        set.updatedAt = g.updatedAt;
      if (Object.keys(set).length > 0) {
        set.updatedAt ??= new Date();
        updates.push({ id: row.id, set });
        s.audit.updated('requirement_status', row.id, g.ref, before, after);
      }
      outcomes.set(match, 'updated');
    } else {
      const id = randomUUID();
      const values: Row = {
        id,
        versionId: g.versionId,
        requirementId: g.requirementId,
        ownerStatus: 'unknown',
        ownerNotes: '',
        reviewerStatus: 'unknown',
        reviewerNotes: '',
        ...g.given,
        updatedAt: g.updatedAt ?? new Date(),
      };
      inserts.push(values as typeof requirementStatuses.$inferInsert);
      s.audit.created('requirement_status', id, g.ref, pick(values, STATUS_FIELDS));
      outcomes.set(match, 'created');
    }
  }
  for (const match of members) {
    if (match) s.outcome(model, groups.get(match)!.key, outcomes.get(match)!);
  }
  s.steps.push({
    phase: 'requirement statuses',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, requirementStatuses, inserts, tick);
      for (const u of updates)
        await s.tx.update(requirementStatuses).set(u.set).where(eq(requirementStatuses.id, u.id));
    },
  });
}

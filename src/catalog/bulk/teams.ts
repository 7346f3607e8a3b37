import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { changedFields, pickFields } from '../../platform/audit/service.js';
import { people } from '../../platform/auth/schema.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { selectRows } from '../../platform/unit-of-work.js';
import { ENTITY_NAME_RULE, isEntityName } from '../contract.js';
import { teamMembers, teams } from '../schema.js';
import { parentsLoop, renameOwner } from '../teams.js';
import type { CatalogImport } from './import.js';
import { catalogKeys } from './keys.js';
import { TeamRecord } from './records.js';

type Row = Record<string, unknown>;

const TEAM_FIELDS = ['name', 'title', 'description', 'email', 'chatChannel', 'type'] as const;

/**
 * New teams with each parent before its sub-teams: the parent key is checked when a batch is
 * written, and the records may list a sub-team first. Parent loops were refused while planning.
 */
function parentsFirst<T extends { id?: string; parentId?: string | null }>(rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const placed = new Set<T>();
  const ordered: T[] = [];
  const place = (row: T) => {
    if (placed.has(row)) return;
    placed.add(row);
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (parent) place(parent);
    ordered.push(row);
  };
  for (const row of rows) place(row);
  return ordered;
}

/**
 * Adds teams and updates those that exist (matched by name, ignoring case): parent, members
 * (replaced when given) and a new spelling of the name, which the components they own follow.
 * Refused when a name breaks the contract's rule or appears twice, a parent or member is
 * unknown, or parents would form a loop.
 */
export async function upsertTeams(
  b: CatalogImport,
  records: TeamRecord[],
  at = 'teams',
): Promise<void> {
  b.check(TeamRecord, records, at);
  const rows = await selectRows(b.tx, teams, undefined, 'update');
  const memberRows = await b.tx
    .select({ teamId: teamMembers.teamId, username: people.username })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId));
  const existing = new Map(rows.map((r) => [r.name.toLowerCase(), r]));
  const nameById = new Map(rows.map((r) => [r.id, r.name]));
  const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
  const membersOf = new Map<string, string[]>();
  for (const m of memberRows)
    membersOf.set(m.teamId, [...(membersOf.get(m.teamId) ?? []), m.username]);
  for (const r of rows) b.teams.set(r.name.toLowerCase(), { id: r.id, name: r.name });

  const seen = new Set<string>();
  records.forEach((t, i) => {
    const lower = t.name.toLowerCase();
    if (!isEntityName(t.name)) b.problem(`${at}[${i}].name`, `"${t.name}" ${ENTITY_NAME_RULE}`);
    if (seen.has(lower)) b.problem(`${at}[${i}].name`, `team "${t.name}" is listed twice`);
    seen.add(lower);
    if (!existing.has(lower)) {
      const id = randomUUID();
      b.teams.set(lower, { id, name: t.name });
      nameById.set(id, t.name);
    }
  });

  const inserts: (typeof teams.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const renames: { id: string; from: string; to: string }[] = [];
  const memberships: { teamId: string; personIds: string[]; replace: boolean }[] = [];
  const model = 'teams';
  records.forEach((t, i) => {
    b.counts.add(model, 'read');
    const entry = b.teams.get(t.name.toLowerCase())!;
    let parentId: string | null | undefined;
    if (t.parent === undefined) parentId = undefined;
    else if (t.parent === null || t.parent === '') parentId = null;
    else {
      const parent = b.teams.get(t.parent.toLowerCase().replace(/^group:(default\/)?/, ''));
      if (!parent) b.problem(`${at}[${i}].parent`, `no team "${t.parent}"`);
      parentId = parent?.id ?? null;
    }
    if (parentId !== undefined) parentOf.set(entry.id, parentId);
    let members: string[] | undefined;
    let memberIds: string[] | undefined;
    if (t.members) {
      const resolved = t.members.map((u, j) => {
        const person = b.people.get(u.toLowerCase());
        if (!person) b.problem(`${at}[${i}].members[${j}]`, `no person "${u}"`);
        return person;
      });
      const found = resolved.filter((p): p is NonNullable<typeof p> => p !== undefined);
      memberIds = [...new Set(found.map((p) => p.id))];
      members = [...new Set(found.map((p) => p.username))].sort();
    }
    const row = existing.get(t.name.toLowerCase());
    const given = Object.fromEntries(
      TEAM_FIELDS.filter((f) => t[f] !== undefined).map((f) => [f, t[f]]),
    );
    const key = catalogKeys.team(t.name);
    const parentName = (id: unknown) =>
      typeof id === 'string' ? (nameById.get(id) ?? null) : null;
    if (row) {
      const beforeMembers = (membersOf.get(row.id) ?? []).sort();
      const before: Row = { ...pickFields(row, TEAM_FIELDS), parentId: row.parentId };
      const after: Row = { ...before, ...given, ...(parentId !== undefined ? { parentId } : {}) };
      const changed = changedFields(before, after);
      if (changed.length > 0) updates.push({ id: row.id, set: pickFields(after, changed) });
      if (after.name !== row.name) {
        renames.push({ id: row.id, from: row.name, to: after.name as string });
        // Components given this owner in the same import take the new spelling.
        b.teams.set(row.name.toLowerCase(), { id: row.id, name: after.name as string });
      }
      const membersChanged =
        members !== undefined && changedFields({ m: beforeMembers }, { m: members }).length > 0;
      if (membersChanged)
        memberships.push({ teamId: row.id, personIds: memberIds!, replace: true });
      const audBefore = {
        ...pickFields(before, TEAM_FIELDS),
        parent: parentName(before.parentId),
        members: beforeMembers,
      };
      const audAfter = {
        ...pickFields(after, TEAM_FIELDS),
        parent: parentName(after.parentId),
        members: members ?? beforeMembers,
      };
      if (b.audit.updated('team', row.id, `group:${after.name}`, audBefore, audAfter)) {
        b.change('team', `group:${after.name}`, 'update');
      }
      b.outcome(model, key, 'updated');
    } else {
      const values = {
        id: entry.id,
        name: t.name,
        title: '',
        description: '',
        email: '',
        chatChannel: '',
        type: 'team',
        ...given,
        parentId: parentId ?? null,
      };
      inserts.push(values);
      if (memberIds && memberIds.length > 0)
        memberships.push({ teamId: entry.id, personIds: memberIds, replace: false });
      b.audit.created('team', entry.id, `group:${t.name}`, {
        ...pickFields(values, TEAM_FIELDS),
        parent: parentName(values.parentId),
        members: members ?? [],
      });
      b.change('team', `group:${t.name}`, 'create');
      b.outcome(model, key, 'created');
    }
  });

  // A team may not be its own ancestor.
  records.forEach((t, i) => {
    if (parentsLoop(b.teams.get(t.name.toLowerCase())!.id, parentOf))
      b.problem(
        `${at}[${i}].parent`,
        `"${t.parent}" is team "${t.name}" or one of its sub-teams: parents would form a cycle`,
      );
  });

  b.steps.push({
    phase: 'teams',
    units: inserts.length + updates.length + memberships.length,
    async run(tick) {
      await insertMany(b.tx, teams, parentsFirst(inserts), tick);
      for (const u of updates) await b.tx.update(teams).set(u.set).where(eq(teams.id, u.id));
      for (const r of renames) await renameOwner(b.tx, b.ctx, r.id, r.from, r.to);
      const rowsToInsert: (typeof teamMembers.$inferInsert)[] = [];
      for (const m of memberships) {
        if (m.replace) await b.tx.delete(teamMembers).where(eq(teamMembers.teamId, m.teamId));
        for (const personId of m.personIds) rowsToInsert.push({ teamId: m.teamId, personId });
      }
      await insertMany(b.tx, teamMembers, rowsToInsert);
    },
  });
}

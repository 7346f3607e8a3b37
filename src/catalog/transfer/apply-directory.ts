import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { people } from '../../platform/auth/schema.js';
import { Conflict } from '../../platform/errors.js';
import { selectRows } from '../../platform/unit-of-work.js';
import { REFERENCE_LISTS, REFERENCE_PARENTS, type ReferenceList, Username } from '../contract.js';
import { CatalogErrors } from '../errors.js';
import { cascadeRename } from '../reference.js';
import { referenceItems, teamMembers, teams } from '../schema.js';
import { renameOwner } from '../teams.js';
import type { ApplyState } from './apply-state.js';
import { changedFields, insertMany } from './bulk.js';
import { isEntityName, keys } from './keys.js';

/** Reference lists, people and teams: the names everything else points at. */

type Row = Record<string, unknown>;

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

/** Values the document uses per list, with the parent a new item would get. */
function usedValues(
  s: ApplyState,
): Map<ReferenceList, Map<string, { name: string; parent: string | null }>> {
  const used = new Map<ReferenceList, Map<string, { name: string; parent: string | null }>>();
  const use = (
    list: ReferenceList,
    value: string | null | undefined,
    parent: string | null = null,
  ) => {
    if (value === null || value === undefined || value.trim() === '') return;
    let map = used.get(list);
    if (!map) {
      map = new Map();
      used.set(list, map);
    }
    const key = value.trim().toLowerCase();
    if (!map.has(key)) map.set(key, { name: value.trim(), parent });
  };
  for (const c of s.doc.components) {
    use('component_types', c.type);
    use('categories', c.category);
    use('subcategories', c.subcategory, c.category ?? null);
    use('vendors', c.vendor);
    use('privacy_classes', c.privacyClass);
    for (const l of c.locationClasses ?? []) use('location_classes', l);
  }
  for (const v of s.doc.versions) {
    for (const x of v.languages ?? []) use('languages', x);
    for (const x of v.frameworks ?? []) use('frameworks', x);
    for (const x of v.databases ?? []) use('databases', x);
    for (const x of v.orms ?? []) use('orms', x);
    for (const x of v.loggers ?? []) use('loggers', x);
    for (const x of v.runtimes ?? []) use('runtimes', x);
  }
  for (const d of s.doc.deployments) {
    use('environments', d.environment);
    use('location_classes', d.locationClass);
    use('product_versions', d.productVersion);
    use('runtimes', d.runtime);
  }
  return used;
}

const REF_FIELDS = ['name', 'description', 'position', 'parent', 'extra'] as const;

export async function planReferenceLists(s: ApplyState): Promise<void> {
  // Rows an import may change are locked until it commits, as an API edit locks its row
  // (see selectRows): a concurrent edit waits instead of being overwritten unrecorded.
  const existing = await selectRows(s.tx, referenceItems, undefined, 'update');
  const byId = new Map(existing.map((r) => [r.id, r]));
  for (const row of existing)
    s.refMap(row.list as ReferenceList).set(row.name.toLowerCase(), { id: row.id, name: row.name });
  const existingByKey = new Map(existing.map((r) => [`${r.list}:${r.name.toLowerCase()}`, r]));

  const inserts: (typeof referenceItems.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const renames: { list: ReferenceList; from: string; to: string }[] = [];
  const used = usedValues(s);

  const parentIdOf = (
    list: ReferenceList,
    parent: string | null | undefined,
    field: string,
  ): string | null | undefined => {
    if (parent === undefined) return undefined;
    if (parent === null || parent === '') return null;
    const parentList = REFERENCE_PARENTS[list];
    if (!parentList) {
      s.problem(field, `items of ${list} have no parent`);
      return undefined;
    }
    const entry = s.refMap(parentList).get(parent.trim().toLowerCase());
    if (!entry) {
      s.problem(field, `"${parent}" is not in the ${parentList} list`);
      return undefined;
    }
    return entry.id;
  };

  // REFERENCE_LISTS names parent lists before their children, so parents resolve in order.
  for (const list of REFERENCE_LISTS) {
    const model = `reference:${list}`;
    const map = s.refMap(list);
    const seen = new Set<string>();
    (s.doc.referenceLists[list] ?? []).forEach((item, i) => {
      const path = `referenceLists.${list}[${i}]`;
      const lower = item.name.trim().toLowerCase();
      s.counts.add(model, 'read');
      if (seen.has(lower)) {
        s.counts.add(model, 'skipped');
        s.notes.push({
          model,
          record: `${path} "${item.name}"`,
          outcome: 'skipped',
          reason: `listed twice in ${list}; the first one is kept`,
        });
        return;
      }
      seen.add(lower);
      const parentId = parentIdOf(list, item.parent, `${path}.parent`);
      const row = existingByKey.get(`${list}:${lower}`);
      const key = keys.reference(list, item.name);
      if (row) {
        const before: Row = {
          name: row.name,
          description: row.description,
          position: row.position,
          parent: row.parentId,
          extra: row.extra,
        };
        const after: Row = {
          name: item.name.trim(),
          description: item.description ?? row.description,
          position: item.position ?? row.position,
          parent: parentId === undefined ? row.parentId : parentId,
          extra: item.extra ?? row.extra,
        };
        const changed = changedFields(before, after);
        if (changed.length > 0) {
          const set = pick(after, changed);
          if ('parent' in set) {
            set.parentId = set.parent;
            delete set.parent;
          }
          updates.push({ id: row.id, set });
          const parentName = (id: unknown) =>
            typeof id === 'string' ? (byId.get(id)?.name ?? null) : null;
          s.audit.updated(
            `reference:${list}`,
            row.id,
            `${list}/${after.name}`,
            { ...before, parent: parentName(before.parent) },
            {
              ...after,
              parent: item.parent === undefined ? parentName(row.parentId) : item.parent || null,
            },
          );
          s.change(`reference.${list}`, `${list}/${after.name}`, 'update');
          // Lists match ignoring case, so this is a new spelling: the values in use follow.
          if (after.name !== row.name)
            renames.push({ list, from: row.name, to: after.name as string });
        }
        map.set(lower, { id: row.id, name: item.name.trim() });
        s.outcome(model, key, 'updated');
      } else {
        const id = randomUUID();
        const values = {
          id,
          list,
          name: item.name.trim(),
          description: item.description ?? '',
          position: item.position ?? 0,
          parentId: parentId ?? null,
          extra: item.extra ?? {},
        };
        inserts.push(values);
        map.set(lower, { id, name: values.name });
        s.audit.created(
          `reference:${list}`,
          id,
          `${list}/${values.name}`,
          pick({ ...values, parent: item.parent ?? null }, REF_FIELDS),
        );
        s.change(`reference.${list}`, `${list}/${values.name}`, 'create');
        s.outcome(model, key, 'created');
      }
    });
    // Values used by components, versions or deployments but missing from the list are added.
    const added: string[] = [];
    for (const [lower, value] of used.get(list) ?? []) {
      if (map.has(lower)) continue;
      const parentList = REFERENCE_PARENTS[list];
      const parent =
        parentList && value.parent
          ? s.refMap(parentList).get(value.parent.trim().toLowerCase())
          : undefined;
      const id = randomUUID();
      inserts.push({
        id,
        list,
        name: value.name,
        description: '',
        position: 0,
        parentId: parent?.id ?? null,
        extra: {},
      });
      map.set(lower, { id, name: value.name });
      s.audit.created(`reference:${list}`, id, `${list}/${value.name}`, {
        name: value.name,
        parent: parent?.name ?? null,
      });
      s.counts.add(model, 'created');
      added.push(value.name);
    }
    if (added.length > 0) {
      const shown = added
        .slice(0, 20)
        .map((n) => `"${n}"`)
        .join(', ');
      s.warnings.push(
        `added ${added.length} new value(s) to the ${list} list: ${shown}${added.length > 20 ? ', ...' : ''}`,
      );
    }
  }

  s.steps.push({
    phase: 'reference lists',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, referenceItems, inserts, tick);
      for (const u of updates)
        await s.tx.update(referenceItems).set(u.set).where(eq(referenceItems.id, u.id));
      for (const r of renames) await cascadeRename(s.tx, s.ctx, r.list, r.from, r.to);
    },
  });
}

const PERSON_FIELDS = [
  'name',
  'email',
  'title',
  'organization',
  'department',
  'officePhone',
  'mobilePhone',
  'employeeNumber',
  'photo',
  'hidden',
  'role',
  'directoryDn',
] as const;

function auditablePerson(cols: Row, username: string, manager: string | null): Row {
  const photo = cols.photo as string;
  return {
    username,
    ...pick(cols, PERSON_FIELDS),
    manager,
    photo: photo ? `${photo.length} bytes` : '',
  };
}

export async function planPeople(s: ApplyState): Promise<void> {
  const rows = await s.tx
    .select({
      id: people.id,
      username: people.username,
      name: people.name,
      email: people.email,
      title: people.title,
      organization: people.organization,
      department: people.department,
      officePhone: people.officePhone,
      mobilePhone: people.mobilePhone,
      employeeNumber: people.employeeNumber,
      photo: people.photo,
      hidden: people.hidden,
      role: people.role,
      directoryDn: people.directoryDn,
      managerId: people.managerId,
    })
    .from(people)
    .for('update');
  const existing = new Map(rows.map((r) => [r.username.toLowerCase(), r]));
  const usernameById = new Map(rows.map((r) => [r.id, r.username]));
  for (const r of rows) s.people.set(r.username.toLowerCase(), { id: r.id, username: r.username });

  const inserts: (typeof people.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const seen = new Set<string>();
  const model = 'people';
  // First register every person, so managers may point at people later in the file.
  s.doc.people.forEach((p, i) => {
    const lower = p.username.toLowerCase();
    if (!Username.safeParse(p.username).success)
      s.problem(
        `people[${i}].username`,
        `"${p.username}" is not a valid username (letters, digits and . _ @ -)`,
      );
    if (seen.has(lower)) s.problem(`people[${i}].username`, `"${p.username}" is listed twice`);
    seen.add(lower);
    const row = existing.get(lower);
    if (!row) {
      const id = randomUUID();
      s.people.set(lower, { id, username: p.username });
      usernameById.set(id, p.username);
    }
  });
  s.doc.people.forEach((p, i) => {
    s.counts.add(model, 'read');
    const lower = p.username.toLowerCase();
    const entry = s.people.get(lower)!;
    let managerId: string | null | undefined;
    if (p.manager === undefined) managerId = undefined;
    else if (p.manager === null || p.manager === '') managerId = null;
    else {
      const manager = s.people.get(p.manager.toLowerCase());
      if (!manager) s.problem(`people[${i}].manager`, `no person "${p.manager}"`);
      else if (manager.id === entry.id)
        s.problem(`people[${i}].manager`, 'a person cannot be their own manager');
      managerId = manager?.id ?? null;
    }
    const row = existing.get(lower);
    const given = Object.fromEntries(
      PERSON_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]),
    );
    const key = keys.person(p.username);
    if (row) {
      const before: Row = { ...pick(row, PERSON_FIELDS), managerId: row.managerId };
      const after: Row = { ...before, ...given, ...(managerId !== undefined ? { managerId } : {}) };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id, set: { ...pick(after, changed), updatedAt: new Date() } });
        const name = (id: unknown) =>
          typeof id === 'string' ? (usernameById.get(id) ?? null) : null;
        s.audit.updated(
          'person',
          row.id,
          `person:${row.username}`,
          auditablePerson(before, row.username, name(before.managerId)),
          auditablePerson(after, row.username, name(after.managerId)),
        );
        s.change('person', `person:${row.username}`, 'update');
      }
      s.outcome(model, key, 'updated');
    } else {
      const values = {
        id: entry.id,
        username: p.username,
        name: '',
        email: '',
        title: '',
        organization: '',
        department: '',
        officePhone: '',
        mobilePhone: '',
        employeeNumber: '',
        photo: '',
        hidden: false,
        role: 'member' as const,
        directoryDn: null,
        ...given,
        managerId: managerId ?? null,
      };
      inserts.push(values as typeof people.$inferInsert);
      s.audit.created(
        'person',
        entry.id,
        `person:${p.username}`,
        auditablePerson(values, p.username, p.manager ?? null),
      );
      s.change('person', `person:${p.username}`, 'create');
      s.outcome(model, key, 'created');
    }
  });

  s.steps.push({
    phase: 'people',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(s.tx, people, inserts, tick);
      for (const u of updates) await s.tx.update(people).set(u.set).where(eq(people.id, u.id));
      if (updates.some((u) => u.set.role === 'member')) {
        const admins = await s.tx
          .select({ id: people.id })
          .from(people)
          .where(eq(people.role, 'admin'));
        if (admins.length === 0)
          throw new Conflict(CatalogErrors.inUse, 'the import would leave Argus without an admin');
      }
    },
  });
}

const TEAM_FIELDS = ['name', 'title', 'description', 'email', 'chatChannel', 'type'] as const;

/**
 * New teams with each parent before its sub-teams: the parent key is checked when a batch is
 * written, and a document may list a sub-team first. Parent loops were refused while planning.
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

export async function planTeams(s: ApplyState): Promise<void> {
  const rows = await selectRows(s.tx, teams, undefined, 'update');
  const memberRows = await s.tx
    .select({ teamId: teamMembers.teamId, username: people.username })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId));
  const existing = new Map(rows.map((r) => [r.name.toLowerCase(), r]));
  const nameById = new Map(rows.map((r) => [r.id, r.name]));
  const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
  const membersOf = new Map<string, string[]>();
  for (const m of memberRows)
    membersOf.set(m.teamId, [...(membersOf.get(m.teamId) ?? []), m.username]);
  for (const r of rows) s.teams.set(r.name.toLowerCase(), { id: r.id, name: r.name });

  const seen = new Set<string>();
  s.doc.teams.forEach((t, i) => {
    const lower = t.name.toLowerCase();
    if (!isEntityName(t.name))
      s.problem(
        `teams[${i}].name`,
        `"${t.name}" must be letters and digits joined by -, _ or . (at most 63 characters)`,
      );
    if (seen.has(lower)) s.problem(`teams[${i}].name`, `team "${t.name}" is listed twice`);
    seen.add(lower);
    if (!existing.has(lower)) {
      const id = randomUUID();
      s.teams.set(lower, { id, name: t.name });
      nameById.set(id, t.name);
    }
  });

  const inserts: (typeof teams.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const renames: { id: string; from: string; to: string }[] = [];
  const memberships: { teamId: string; personIds: string[]; replace: boolean }[] = [];
  const model = 'teams';
  s.doc.teams.forEach((t, i) => {
    s.counts.add(model, 'read');
    const entry = s.teams.get(t.name.toLowerCase())!;
    let parentId: string | null | undefined;
    if (t.parent === undefined) parentId = undefined;
    else if (t.parent === null || t.parent === '') parentId = null;
    else {
      const parent = s.teams.get(t.parent.toLowerCase().replace(/^group:(default\/)?/, ''));
      if (!parent) s.problem(`teams[${i}].parent`, `no team "${t.parent}"`);
      parentId = parent?.id ?? null;
    }
    if (parentId !== undefined) parentOf.set(entry.id, parentId);
    let members: string[] | undefined;
    let memberIds: string[] | undefined;
    if (t.members) {
      const resolved = t.members.map((u, j) => {
        const person = s.people.get(u.toLowerCase());
        if (!person) s.problem(`teams[${i}].members[${j}]`, `no person "${u}"`);
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
    const key = keys.team(t.name);
    const parentName = (id: unknown) =>
      typeof id === 'string' ? (nameById.get(id) ?? null) : null;
    if (row) {
      const beforeMembers = (membersOf.get(row.id) ?? []).sort();
      const before: Row = { ...pick(row, TEAM_FIELDS), parentId: row.parentId };
      const after: Row = { ...before, ...given, ...(parentId !== undefined ? { parentId } : {}) };
      const changed = changedFields(before, after);
      if (changed.length > 0) updates.push({ id: row.id, set: pick(after, changed) });
      if (after.name !== row.name) {
        renames.push({ id: row.id, from: row.name, to: after.name as string });
        // Components given this owner in the same document take the new spelling.
        s.teams.set(row.name.toLowerCase(), { id: row.id, name: after.name as string });
      }
      const membersChanged =
        members !== undefined && changedFields({ m: beforeMembers }, { m: members }).length > 0;
      if (membersChanged)
        memberships.push({ teamId: row.id, personIds: memberIds!, replace: true });
      const audBefore = {
        ...pick(before, TEAM_FIELDS),
        parent: parentName(before.parentId),
        members: beforeMembers,
      };
      const audAfter = {
        ...pick(after, TEAM_FIELDS),
        parent: parentName(after.parentId),
        members: members ?? beforeMembers,
      };
      if (s.audit.updated('team', row.id, `group:${after.name}`, audBefore, audAfter)) {
        s.change('team', `group:${after.name}`, 'update');
      }
      s.outcome(model, key, 'updated');
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
      s.audit.created('team', entry.id, `group:${t.name}`, {
        ...pick(values, TEAM_FIELDS),
        parent: parentName(values.parentId),
        members: members ?? [],
      });
      s.change('team', `group:${t.name}`, 'create');
      s.outcome(model, key, 'created');
    }
  });

  // A team may not be its own ancestor.
  s.doc.teams.forEach((t, i) => {
    const start = s.teams.get(t.name.toLowerCase())!.id;
    const seenIds = new Set<string>([start]);
    let cursor = parentOf.get(start) ?? null;
    while (cursor) {
      if (seenIds.has(cursor)) {
        s.problem(
          `teams[${i}].parent`,
          `"${t.parent}" is team "${t.name}" or one of its sub-teams: parents would form a cycle`,
        );
        break;
      }
      seenIds.add(cursor);
      cursor = parentOf.get(cursor) ?? null;
    }
  });

  s.steps.push({
    phase: 'teams',
    units: inserts.length + updates.length + memberships.length,
    async run(tick) {
      await insertMany(s.tx, teams, parentsFirst(inserts), tick);
      for (const u of updates) await s.tx.update(teams).set(u.set).where(eq(teams.id, u.id));
      for (const r of renames) await renameOwner(s.tx, s.ctx, r.id, r.from, r.to);
      const rowsToInsert: (typeof teamMembers.$inferInsert)[] = [];
      for (const m of memberships) {
        if (m.replace) await s.tx.delete(teamMembers).where(eq(teamMembers.teamId, m.teamId));
        for (const personId of m.personIds) rowsToInsert.push({ teamId: m.teamId, personId });
      }
      await insertMany(s.tx, teamMembers, rowsToInsert);
    },
  });
}

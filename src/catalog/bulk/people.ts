import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { changedFields, pickFields } from '../../platform/audit/service.js';
import { people } from '../../platform/auth/schema.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { Conflict } from '../../platform/errors.js';
import { Username } from '../contract.js';
import { CatalogErrors } from '../errors.js';
import type { CatalogImport } from './import.js';
import { catalogKeys } from './keys.js';
import { PersonRecord } from './records.js';

type Row = Record<string, unknown>;

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

/** A person as history records them (people.ts): the photo by its size, the manager by username. */
function auditablePerson(cols: Row, username: string, manager: string | null): Row {
  const photo = cols.photo as string;
  return {
    username,
    ...pickFields(cols, PERSON_FIELDS),
    manager,
    photo: photo ? `${photo.length} bytes` : '',
  };
}

/**
 * Adds people and updates those that exist (matched by username, ignoring case). A manager may
 * be a person later in the records. Refused when a username breaks the contract's rule, appears
 * twice, or names an unknown manager, and when the import would leave Argus without an admin.
 */
export async function importPeople(
  b: CatalogImport,
  records: PersonRecord[],
  at = 'people',
): Promise<void> {
  b.check(PersonRecord, records, at);
  const rows = await b.tx
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
  for (const r of rows) b.people.set(r.username.toLowerCase(), { id: r.id, username: r.username });

  const inserts: (typeof people.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const seen = new Set<string>();
  const model = 'people';
  // First register every person, so managers may point at people later in the records.
  records.forEach((p, i) => {
    const lower = p.username.toLowerCase();
    const valid = Username.safeParse(p.username);
    if (!valid.success)
      b.problem(
        `${at}[${i}].username`,
        `"${p.username}" is not a valid username (${valid.error.issues[0]?.message})`,
      );
    if (seen.has(lower)) b.problem(`${at}[${i}].username`, `"${p.username}" is listed twice`);
    seen.add(lower);
    const row = existing.get(lower);
    if (!row) {
      const id = randomUUID();
      b.people.set(lower, { id, username: p.username });
      usernameById.set(id, p.username);
    }
  });
  records.forEach((p, i) => {
    b.counts.add(model, 'read');
    const lower = p.username.toLowerCase();
    const entry = b.people.get(lower)!;
    let managerId: string | null | undefined;
    if (p.manager === undefined) managerId = undefined;
    else if (p.manager === null || p.manager === '') managerId = null;
    else {
      const manager = b.people.get(p.manager.toLowerCase());
      if (!manager) b.problem(`${at}[${i}].manager`, `no person "${p.manager}"`);
      else if (manager.id === entry.id)
        b.problem(`${at}[${i}].manager`, 'a person cannot be their own manager');
      managerId = manager?.id ?? null;
    }
    const row = existing.get(lower);
    const given = Object.fromEntries(
      PERSON_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]),
    );
    const key = catalogKeys.person(p.username);
    if (row) {
      const before: Row = { ...pickFields(row, PERSON_FIELDS), managerId: row.managerId };
      const after: Row = { ...before, ...given, ...(managerId !== undefined ? { managerId } : {}) };
      const changed = changedFields(before, after);
      if (changed.length > 0) {
        updates.push({ id: row.id, set: { ...pickFields(after, changed), updatedAt: new Date() } });
        const name = (id: unknown) =>
          typeof id === 'string' ? (usernameById.get(id) ?? null) : null;
        b.audit.updated(
          'person',
          row.id,
          `person:${row.username}`,
          auditablePerson(before, row.username, name(before.managerId)),
          auditablePerson(after, row.username, name(after.managerId)),
        );
        b.change('person', `person:${row.username}`, 'update');
      }
      b.outcome(model, key, 'updated');
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
      b.audit.created(
        'person',
        entry.id,
        `person:${p.username}`,
        auditablePerson(values, p.username, p.manager ?? null),
      );
      b.change('person', `person:${p.username}`, 'create');
      b.outcome(model, key, 'created');
    }
  });

  b.steps.push({
    phase: 'people',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, people, inserts, tick);
      for (const u of updates) await b.tx.update(people).set(u.set).where(eq(people.id, u.id));
      if (updates.some((u) => u.set.role === 'member')) {
        const admins = await b.tx
          .select({ id: people.id })
          .from(people)
          .where(eq(people.role, 'admin'));
        if (admins.length === 0)
          throw new Conflict(CatalogErrors.inUse, 'the import would leave Argus without an admin');
      }
    },
  });
}

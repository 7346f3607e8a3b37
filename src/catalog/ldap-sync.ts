import { createHash } from 'node:crypto';
import { eq, inArray, or, sql } from 'drizzle-orm';
import { changedFields, recordChange } from '../platform/audit/service.js';
import { type DirectoryUser, normalizeDn } from '../platform/auth/ldap.js';
import { people } from '../platform/auth/schema.js';
import type { EventBus } from '../platform/bus.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { defineErrors, Invalid } from '../platform/errors.js';
import { inTransaction, type Work } from '../platform/unit-of-work.js';
import { Username } from './contract.js';
import { reassignPersonOwner } from './people.js';

type Row = typeof people.$inferSelect;

/** What the sync reads: `LdapDirectory` in production, anything with the same method in tests. */
export interface DirectorySource {
  listUsers(): Promise<DirectoryUser[]>;
}

export interface SyncProblem {
  dn: string;
  reason: string;
}

/** What one sync did. `problems` lists entries left out (or partly applied), with the reason. */
export interface SyncReport {
  created: number;
  updated: number;
  unchanged: number;
  hidden: number;
  /** Directory entries that were not synced at all (each one is in `problems`). */
  skipped: number;
  problems: SyncProblem[];
}

export interface SyncOptions {
  /** Compute the report, then roll everything back. */
  dryRun?: boolean;
  /**
   * An empty result hides every directory person; that is almost always a wrong base DN or
   * filter, so it is refused unless this is set.
   */
  allowEmpty?: boolean;
}

/** The error codes of the directory sync (docs/ldap.md). */
export const LdapSyncErrors = defineErrors({
  emptyDirectory: { code: 'ARGUS_LDAP_EMPTY_DIRECTORY', status: 400 },
});

/** Person fields the directory owns; everything else (role, teams, password) stays Argus's. */
const SYNCED = [
  'username',
  'name',
  'email',
  'title',
  'organization',
  'department',
  'officePhone',
  'mobilePhone',
  'employeeNumber',
  'photo',
  'directoryDn',
  'directoryGuid',
  'hidden',
  'managerId',
] as const;
type Synced = Pick<Row, (typeof SYNCED)[number]>;

/** Longest values the API accepts (catalog/contract.ts PersonFields); longer directory text is cut. */
const LIMITS: Partial<Record<keyof Synced, number>> = {
  name: 200,
  email: 320,
  title: 200,
  organization: 200,
  department: 200,
  officePhone: 60,
  mobilePhone: 60,
  employeeNumber: 60,
};

function clip(field: keyof Synced, value: string): string {
  const limit = LIMITS[field];
  return limit !== undefined && value.length > limit ? value.slice(0, limit) : value;
}

function photoSummary(photo: string): string {
  if (!photo) return '';
  const hash = createHash('sha256').update(photo).digest('hex').slice(0, 12);
  return `${photo.length} bytes, sha256 ${hash}`;
}

/** Audit form of the synced fields: the manager by username, the photo as size and hash. */
function auditable(
  state: Synced,
  usernameOf: (id: string) => string | null,
): Record<string, unknown> {
  const { managerId, photo, ...rest } = state;
  return {
    ...rest,
    manager: managerId ? usernameOf(managerId) : null,
    photo: photoSummary(photo),
  };
}

function pick(row: Row): Synced {
  const out: Record<string, unknown> = {};
  for (const field of SYNCED) out[field] = row[field];
  return out as Synced;
}

interface ApplyOptions {
  /** Hide directory people that are not among `users` (a full sync). */
  hideMissing: boolean;
  /** A manager DN that matches nobody: clear the manager (full sync) or keep it (a login). */
  unresolvedManager: 'clear' | 'keep';
}

interface ApplyResult {
  report: SyncReport;
  /** The person each directory entry now is, by entry DN (normalised). */
  byDn: Map<string, Row>;
}

/**
 * The core of both the full sync and a login: matches each directory user to a person (by
 * directory GUID, then by username), creates or updates it, resolves managers by DN and, for a
 * full sync, hides directory people that are gone. `rows` are the people to match against (all of
 * them for a sync; the candidates for a login). Runs inside the caller's transaction.
 */
async function applyDirectoryUsers(
  work: Work,
  ctx: RequestContext,
  users: readonly DirectoryUser[],
  rows: readonly Row[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { tx } = work;
  const report: SyncReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    hidden: 0,
    skipped: 0,
    problems: [],
  };
  const skip = (user: DirectoryUser, reason: string) => {
    report.skipped++;
    report.problems.push({ dn: user.dn, reason });
  };

  const byGuid = new Map(rows.filter((r) => r.directoryGuid).map((r) => [r.directoryGuid!, r]));
  const byUsername = new Map(rows.map((r) => [r.username.toLowerCase(), r]));
  const beforeNames = new Map(rows.map((r) => [r.id, r.username]));

  // 1. Match every entry to a person, or plan a new one.
  const claimed = new Map<string, DirectoryUser>();
  const matched: { user: DirectoryUser; row: Row; username: string }[] = [];
  const fresh: DirectoryUser[] = [];
  /** Usernames this run gives out (new people and renames), so no two people get one. */
  const freshNames = new Set<string>();
  for (const user of users) {
    let row = user.guid ? byGuid.get(user.guid) : undefined;
    if (!row) {
      const candidate = byUsername.get(user.username.toLowerCase());
      if (candidate) {
        const reason = refuseLink(candidate, user);
        if (reason) {
          skip(user, reason);
          continue;
        }
        row = candidate;
      }
    }
    if (row && claimed.has(row.id)) {
      skip(user, `"${row.username}" is already synced from ${claimed.get(row.id)!.dn}`);
      continue;
    }
    if (!row) {
      if (!Username.safeParse(user.username).success) {
        skip(
          user,
          `username "${user.username}" is not valid in Argus (letters, digits and . _ @ -)`,
        );
        continue;
      }
      if (freshNames.has(user.username.toLowerCase())) {
        skip(user, `another entry has the username "${user.username}"`);
        continue;
      }
      fresh.push(user);
      freshNames.add(user.username.toLowerCase());
      continue;
    }
    claimed.set(row.id, user);
    let username = row.username;
    if (user.username !== row.username) {
      const holder = byUsername.get(user.username.toLowerCase());
      const taken = (holder && holder.id !== row.id) || freshNames.has(user.username.toLowerCase());
      if (!Username.safeParse(user.username).success) {
        report.problems.push({
          dn: user.dn,
          reason: `kept username "${row.username}": "${user.username}" is not valid in Argus`,
        });
      } else if (taken) {
        report.problems.push({
          dn: user.dn,
          reason: `kept username "${row.username}": "${user.username}" belongs to another person`,
        });
      } else {
        username = user.username;
        freshNames.add(username.toLowerCase());
      }
    }
    matched.push({ user, row, username });
  }

  // 2. Insert the new people (their manager is set below, once every DN has an id).
  const created: { user: DirectoryUser; row: Row }[] = [];
  for (const user of fresh) {
    const [row] = await tx
      .insert(people)
      .values({ ...fieldsOf(user, user.username), role: 'member', passwordHash: null })
      .returning();
    created.push({ user, row: row! });
  }

  // 3. Resolve manager DNs against every person's DN as it is after this sync.
  const idByDn = new Map<string, string>();
  for (const r of rows)
    if (r.directoryDn && !claimed.has(r.id)) idByDn.set(normalizeDn(r.directoryDn), r.id);
  for (const { user, row } of [...matched, ...created]) idByDn.set(normalizeDn(user.dn), row.id);
  const afterNames = new Map(beforeNames);
  for (const { row, username } of matched) afterNames.set(row.id, username);
  for (const { row } of created) afterNames.set(row.id, row.username);
  const managerOf = (user: DirectoryUser, self: Row): string | null => {
    if (!user.managerDn) return null;
    const id = idByDn.get(normalizeDn(user.managerDn));
    if (id && id !== self.id) return id;
    return options.unresolvedManager === 'keep' ? self.managerId : null;
  };

  const byDn = new Map<string, Row>();
  const ref = (username: string) => `person:${username}`;
  const nameOf = (names: Map<string, string>) => (id: string) => names.get(id) ?? null;

  for (const { user, row } of created) {
    const managerId = managerOf(user, row);
    let final = row;
    if (managerId) {
      [final] = await tx.update(people).set({ managerId }).where(eq(people.id, row.id)).returning();
    }
    await recordChange(tx, ctx, {
      entityType: 'person',
      entityId: row.id,
      entityRef: ref(row.username),
      action: 'create',
      after: { ...auditable(pick(final!), nameOf(afterNames)), role: final!.role },
      reason: `directory sync from ${user.dn}`,
    });
    work.emit('person', ref(row.username), 'create');
    byDn.set(normalizeDn(user.dn), final!);
    report.created++;
  }

  // 4. Update the people whose directory entry changed.
  for (const { user, row, username } of matched) {
    const before = pick(row);
    const after: Synced = {
      ...fieldsOf(user, username),
      directoryGuid: user.guid || row.directoryGuid,
      managerId: managerOf(user, row),
    };
    const changed = changedFields(before, after);
    if (changed.length === 0) {
      report.unchanged++;
      byDn.set(normalizeDn(user.dn), row);
      continue;
    }
    const [updated] = await tx
      .update(people)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(people.id, row.id))
      .returning();
    await recordChange(tx, ctx, {
      entityType: 'person',
      entityId: row.id,
      entityRef: ref(username),
      action: 'update',
      before: auditable(before, nameOf(beforeNames)),
      after: auditable(after, nameOf(afterNames)),
      reason: `directory sync from ${user.dn}`,
    });
    if (username !== row.username)
      await reassignPersonOwner(
        work,
        ctx,
        row.id,
        row.username,
        username,
        `${row.username} renamed to ${username} by directory sync`,
      );
    work.emit('person', ref(username), 'update');
    byDn.set(normalizeDn(user.dn), updated!);
    report.updated++;
  }

  // 5. Hide (never delete) directory people whose entry is gone: history and ownership stay.
  if (options.hideMissing) {
    const gone = rows.filter((r) => r.directoryDn !== null && !r.hidden && !claimed.has(r.id));
    for (const r of gone) {
      await tx
        .update(people)
        .set({ hidden: true, updatedAt: new Date() })
        .where(eq(people.id, r.id));
      await recordChange(tx, ctx, {
        entityType: 'person',
        entityId: r.id,
        entityRef: ref(r.username),
        action: 'update',
        before: { hidden: false },
        after: { hidden: true },
        reason: `directory sync: ${r.directoryDn} is no longer in the directory`,
      });
      work.emit('person', ref(r.username), 'update');
      report.hidden++;
    }
  }
  return { report, byDn };
}

/** Why a directory entry may not take over the person with its username, or null when it may. */
function refuseLink(candidate: Row, user: DirectoryUser): string | null {
  // Linking would let whoever controls the directory entry log in as this local account.
  if (candidate.passwordHash) {
    return `"${candidate.username}" is a local account with a password; Argus does not link it to the directory`;
  }
  if (candidate.directoryGuid) {
    if (user.guid && candidate.directoryGuid !== user.guid) {
      return `"${candidate.username}" belongs to another directory entry (GUID ${candidate.directoryGuid})`;
    }
    if (!user.guid && normalizeDn(candidate.directoryDn ?? '') !== normalizeDn(user.dn)) {
      return `"${candidate.username}" belongs to another directory entry (${candidate.directoryDn})`;
    }
  }
  return null;
}

/** The synced fields a directory user maps to (manager and GUID are decided by the caller). */
function fieldsOf(user: DirectoryUser, username: string) {
  return {
    username,
    name: clip('name', user.name),
    email: clip('email', user.email),
    title: clip('title', user.title),
    organization: clip('organization', user.organization),
    department: clip('department', user.department),
    officePhone: clip('officePhone', user.officePhone),
    mobilePhone: clip('mobilePhone', user.mobilePhone),
    employeeNumber: clip('employeeNumber', user.employeeNumber),
    photo: user.photo,
    directoryDn: user.dn,
    directoryGuid: user.guid || null,
    hidden: false,
  };
}

class DryRun extends Error {
  constructor(readonly report: SyncReport) {
    super('dry run');
  }
}

/**
 * Syncs people from the directory in one transaction: creates new people, updates changed fields
 * (each change audited, entity type `person`), resolves managers by DN once every user is in, and
 * hides people whose directory entry is gone. Never deletes. Role, teams and local passwords are
 * not touched. The directory is read before the transaction opens.
 */
export async function syncDirectory(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  directory: DirectorySource,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const users = await directory.listUsers();
  try {
    return await inTransaction(db, bus, ctx, async (work) => {
      const rows = await work.tx.select().from(people);
      const linked = rows.filter((r) => r.directoryDn !== null && !r.hidden).length;
      if (users.length === 0 && linked > 0 && !options.allowEmpty) {
        throw new Invalid(
          LdapSyncErrors.emptyDirectory,
          `the directory returned no users; refusing to hide ${linked} people (check ldap.base_dn and ldap.user_filter)`,
        );
      }
      const { report } = await applyDirectoryUsers(work, ctx, users, rows, {
        hideMissing: true,
        unresolvedManager: 'clear',
      });
      if (options.dryRun) throw new DryRun(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
}

/**
 * Creates or updates the person of one directory user at login (keyed by directory GUID, then
 * username) and returns it; null when the entry may not be linked (see docs/ldap.md). A manager
 * DN that matches nobody yet keeps the current manager: the next full sync settles it.
 */
export async function upsertDirectoryPerson(
  work: Work,
  ctx: RequestContext,
  user: DirectoryUser,
): Promise<Row | null> {
  const dns = [user.dn, user.managerDn]
    .filter((d): d is string => d !== null)
    .map((d) => d.toLowerCase());
  const candidates = await work.tx
    .select()
    .from(people)
    .where(
      or(
        eq(sql`lower(${people.username})`, user.username.toLowerCase()),
        user.guid ? eq(people.directoryGuid, user.guid) : undefined,
        inArray(sql`lower(${people.directoryDn})`, dns),
      ),
    );
  const { byDn } = await applyDirectoryUsers(work, ctx, [user], candidates, {
    hideMissing: false,
    unresolvedManager: 'keep',
  });
  return byDn.get(normalizeDn(user.dn)) ?? null;
}

import { and, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { Actor } from '../context.js';
import type { Db } from '../db.js';
import { Unauthenticated } from '../errors.js';
import { AuthErrors } from './errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { apiTokens, people, sessions } from './schema.js';
import { digest, newSecret } from './tokens.js';

export type Person = typeof people.$inferSelect;

export function actorOf(person: Pick<Person, 'id' | 'username' | 'role'>): Actor {
  return { id: person.id, username: person.username, isAdmin: person.role === 'admin' };
}

/**
 * A way to check a username and password (local argon2id hashes, LDAP bind, ...). Returns the
 * person on success, null when this authenticator does not know the user or the password is wrong.
 */
export interface Authenticator {
  readonly name: string;
  authenticate(db: Db, username: string, password: string): Promise<Person | null>;
}

export const localAuthenticator: Authenticator = {
  name: 'local',
  async authenticate(db, username, password) {
    const [person] = await db
      .select()
      .from(people)
      .where(eq(sql`lower(${people.username})`, username.toLowerCase()));
    if (!person?.passwordHash) {
      // Spend the same time as a real check so response times do not reveal which users exist.
      await verifyPassword(DUMMY_HASH, password);
      return null;
    }
    return (await verifyPassword(person.passwordHash, password)) ? person : null;
  },
};

const DUMMY_HASH = await hashPassword('argus-timing-equaliser');

export async function authenticate(
  db: Db,
  authenticators: readonly Authenticator[],
  username: string,
  password: string,
): Promise<Person> {
  for (const authenticator of authenticators) {
    const person = await authenticator.authenticate(db, username, password);
    if (person) return person;
  }
  throw new Unauthenticated(AuthErrors.badCredentials, 'unknown user or wrong password');
}

export async function createSession(db: Db, personId: string, ttlHours: number): Promise<string> {
  const secret = newSecret('as');
  await db.insert(sessions).values({
    tokenHash: digest(secret),
    personId,
    expiresAt: new Date(Date.now() + ttlHours * 3_600_000),
  });
  return secret;
}

export async function endSession(db: Db, secret: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, digest(secret)));
}

/**
 * Ends every session of a person, except the one whose digest is `keep` (the session a person
 * changed their own password from). Returns how many ended.
 */
export async function endSessionsOf(db: Db, personId: string, keep?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.personId, personId), keep ? ne(sessions.tokenHash, keep) : undefined))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

export async function actorFromSession(db: Db, secret: string): Promise<Actor | null> {
  const [row] = await db
    .select({ id: people.id, username: people.username, role: people.role })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, digest(secret)), gt(sessions.expiresAt, new Date())));
  return row ? actorOf(row) : null;
}

export async function actorFromApiToken(db: Db, secret: string): Promise<Actor | null> {
  const [row] = await db
    .select({
      id: people.id,
      username: people.username,
      role: people.role,
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(
      and(
        eq(apiTokens.tokenHash, digest(secret)),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
      ),
    );
  if (!row) return null;
  // "Last used" to the minute is enough, and spares a write on every scripted request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return actorOf(row);
}

const LAST_USED_RESOLUTION_MS = 60_000;

export interface IssuedToken {
  id: string;
  name: string;
  token: string;
  expiresAt: Date | null;
}

export async function issueApiToken(
  db: Db,
  personId: string,
  name: string,
  expiresAt: Date | null,
): Promise<IssuedToken> {
  const token = newSecret('argus');
  const [row] = await db
    .insert(apiTokens)
    .values({ name, tokenHash: digest(token), personId, expiresAt })
    .returning({ id: apiTokens.id });
  return { id: row!.id, name, token, expiresAt };
}

export function listApiTokens(db: Db, personId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId));
}

export async function revokeApiToken(db: Db, personId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.personId, personId)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Revokes all of a person's API tokens; returns how many there were. */
export async function revokeApiTokensOf(db: Db, personId: string): Promise<number> {
  const rows = await db
    .delete(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/**
 * Whether `password` is what the person logs in with now: their local password, or for a
 * directory person without one, their directory password. A directory that cannot be reached
 * is an error, not a "no".
 */
export async function isCurrentPassword(
  db: Db,
  authenticators: readonly Authenticator[],
  person: Pick<Person, 'id' | 'username'>,
  password: string,
): Promise<boolean> {
  for (const authenticator of authenticators) {
    const found = await authenticator.authenticate(db, person.username, password);
    if (found) return found.id === person.id;
  }
  return false;
}

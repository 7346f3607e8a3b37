import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPerson } from '../../src/catalog/people.js';
import {
  actorFromApiToken,
  actorFromSession,
  createSession,
  issueApiToken,
} from '../../src/platform/auth/service.js';
import { type Db, openDatabase } from '../../src/platform/db.js';
import { runArgus } from '../helpers/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-cli-passwd-'));
const env = { ARGUS_DATA_DIR: dataDir, ARGUS_DATABASE_URL: '' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Opens the CLI's data folder in this process between commands (the embedded database has one
 * user at a time) to hold sessions and tokens the way `argus serve` would give them out.
 */
async function onDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

/** Two sessions (two browsers) and an API token of `username`. */
function credentialsOf(username: string) {
  return onDatabase(async (db) => {
    const person = (await findPerson(db, username))!;
    return {
      sessions: [await createSession(db, person.id, 8), await createSession(db, person.id, 8)],
      token: (await issueApiToken(db, person.id, 'ci', null)).token,
    };
  });
}

/** Which of the credentials still let their holder in. */
function stillValid(credentials: { sessions: string[]; token: string }) {
  return onDatabase(async (db) => ({
    sessions: await Promise.all(
      credentials.sessions.map(async (s) => (await actorFromSession(db, s)) !== null),
    ),
    token: (await actorFromApiToken(db, credentials.token)) !== null,
  }));
}

describe('argus user passwd', () => {
  it("ends the user's sessions and revokes their API tokens unless --keep-tokens", async () => {
    const added = await runArgus(['user', 'add', 'ops'], env);
    expect(added.code, added.stderr).toBe(0);

    const first = await credentialsOf('ops');
    const reset = await runArgus(
      ['user', 'passwd', 'ops', '--password-stdin'],
      env,
      'ops-pass-2\n',
    );
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('ended 2 sessions; revoked 1 API token');
    expect(await stillValid(first)).toEqual({ sessions: [false, false], token: false });

    const second = await credentialsOf('ops');
    const kept = await runArgus(['user', 'passwd', 'ops', '--keep-tokens'], env);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(
      /password of ops changed: \S{20}\nended 2 sessions; API tokens kept/,
    );
    expect(await stillValid(second)).toEqual({ sessions: [false, false], token: true });
  });
});

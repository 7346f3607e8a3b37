import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, type DatabaseOptions, openDatabase } from '../../src/platform/db.js';
import { postgresAdminUrl } from './engines.js';

export type Engine = 'pglite' | 'postgres';

/** The engine integration tests run on: the `integration-pg` Vitest project sets postgres. */
export function testEngine(): Engine {
  return process.env.ARGUS_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

/** Runs one statement on the maintenance database, over a connection of its own. */
async function asAdmin(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, migrated database of its own for one test file: in-memory PGlite, or a temporary
 * database on the local PostgreSQL that is dropped on close. Files run in parallel safely.
 * `options` reach openDatabase (a test of connection loss listens to `onConnectionError`).
 */
export async function openTestDatabase(
  engine: Engine = testEngine(),
  options: Omit<DatabaseOptions, 'url' | 'dataDir'> = {},
): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase(options);
    await database.migrate();
    return database;
  }
  const name = `argus_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ ...options, url: url.toString() });
  await database.migrate();
  return {
    ...database,
    close: async () => {
      // Every connection of the pool has said goodbye and closed its socket when close()
      // resolves, so no client of ours is left to hear the drop terminate its backend; FORCE
      // only hurries backends still exiting and whatever a test itself left open.
      await database.close();
      await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

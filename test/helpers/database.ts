import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db.js';
import { postgresAdminUrl } from './engines.js';

export type Engine = 'pglite' | 'postgres';

/** The engine integration tests run on: the `integration-pg` Vitest project sets postgres. */
export function testEngine(): Engine {
  return process.env.ARGUS_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

/**
 * A fresh, migrated database of its own for one test file: in-memory PGlite, or a temporary
 * database on the local PostgreSQL that is dropped on close. Files run in parallel safely.
 */
export async function openTestDatabase(engine: Engine = testEngine()): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    await database.migrate();
    return database;
  }
  const name = `argus_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await database.migrate();
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

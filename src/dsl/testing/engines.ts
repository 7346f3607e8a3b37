// Test support: the SQL engines the DSL's SQL tests run on. PGlite always; PostgreSQL too when
// one is reachable (ARGUS_TEST_POSTGRES_URL), and required when ARGUS_REQUIRE_SERVICES=1.
// Tables are TEMP tables of one session, so parallel test files never meet.
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { postgresAdminUrl, postgresReachable } from '../../../test/helpers/engines.js';

export interface SqlEngine {
  name: 'pglite' | 'postgres';
  /** Runs statements without parameters (DDL). */
  exec(text: string): Promise<void>;
  /** Runs one statement with parameters. */
  query(text: string, params: unknown[]): Promise<void>;
  /** Runs a drizzle query and returns its rows. */
  select(query: SQL): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function openPglite(): Promise<SqlEngine> {
  const client = new PGlite();
  const db = drizzlePglite(client);
  return {
    name: 'pglite',
    exec: async (text) => {
      await client.exec(text);
    },
    query: async (text, params) => {
      await client.query(text, params);
    },
    select: async (query) => (await db.execute(query)).rows as Record<string, unknown>[],
    close: () => client.close(),
  };
}

export async function openPostgres(): Promise<SqlEngine> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  const db = drizzlePg(client);
  return {
    name: 'postgres',
    exec: async (text) => {
      await client.query(text);
    },
    query: async (text, params) => {
      await client.query(text, params);
    },
    select: async (query) => (await db.execute(query)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

/** PGlite, plus PostgreSQL when reachable; says on stderr when PostgreSQL is skipped. */
export async function openEngines(): Promise<SqlEngine[]> {
  const engines = [await openPglite()];
  if (await postgresReachable()) {
    engines.push(await openPostgres());
  } else if (process.env.ARGUS_REQUIRE_SERVICES === '1') {
    throw new Error(
      `ARGUS_REQUIRE_SERVICES=1 but PostgreSQL is not reachable at ${postgresAdminUrl}`,
    );
  } else {
    process.stderr.write(
      `[dsl tests] PostgreSQL not reachable at ${postgresAdminUrl}: SQL checked on PGlite only\n`,
    );
  }
  return engines;
}

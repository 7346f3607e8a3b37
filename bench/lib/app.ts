/**
 * What the in-process HTTP benchmarks share: the database they seed (embedded PGlite in a
 * temporary folder, or with BENCH_ENGINE=postgres a temporary database on the local PostgreSQL,
 * as the integration-pg tests use, ARGUS_TEST_POSTGRES_URL), and the app served over HTTP next
 * to a bare Fastify server, the ceiling: same process, no auth, no database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { issueApiToken } from '../../src/platform/auth/service.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemContext } from '../../src/platform/context.js';
import { type Database, openDatabase } from '../../src/platform/db.js';
import { buildApp } from '../../src/server/app.js';
import { openTestDatabase } from '../../test/helpers/database.js';

export interface BenchDatabase {
  database: Database;
  /** For the summary line: "PostgreSQL" or "embedded PGlite". */
  engineName: string;
  close(): Promise<void>;
}

/** A fresh, migrated database for a benchmark to seed. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const postgres = process.env.BENCH_ENGINE === 'postgres';
  const dir = mkdtempSync(join(tmpdir(), 'argus-bench-'));
  const database = postgres
    ? await openTestDatabase('postgres')
    : await openDatabase({
        dataDir: dir,
        // ARGUS_EMBEDDED_SHARED_BUFFERS_MB, as the server reads it.
        sharedBuffersMb: loadConfig({}, process.env, '/nonexistent').embeddedSharedBuffersMb,
      });
  await database.migrate();
  return {
    database,
    engineName: postgres ? 'PostgreSQL' : 'embedded PGlite',
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchServers {
  /** The app's address. */
  base: string;
  /** The bare server's address: `/raw` answers an empty list. */
  rawBase: string;
  /** An admin's API token. */
  headers: Record<string, string>;
  /** The app's catalog service (its facet index). */
  catalog: Awaited<ReturnType<typeof buildApp>>['catalog'];
  close(): Promise<void>;
}

/** Serves the app on the seeded database, and the bare server with `/raw` and `addRoutes`. */
export async function serveBench(
  database: Database,
  addRoutes?: (raw: FastifyInstance) => void,
): Promise<BenchServers> {
  const config = loadConfig({ logLevel: 'silent', port: 0 }, {}, '/nonexistent');
  const { app, catalog } = await buildApp({ config, database, logger: false });
  const raw = Fastify();
  raw.get('/raw', async () => ({ items: [], total: 0 }));
  addRoutes?.(raw);
  const rawBase = await raw.listen({ port: 0, host: '127.0.0.1' });
  const admin = await catalog.createPerson(systemContext(), { username: 'bench', role: 'admin' });
  const { token } = await issueApiToken(database.db, admin.id, 'bench', null);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    rawBase,
    headers: { authorization: `Bearer ${token}` },
    catalog,
    async close() {
      await app.close();
      await raw.close();
    },
  };
}

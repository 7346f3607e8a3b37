import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/platform/db.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';
import { testEngine } from '../helpers/database.js';
import { postgresAdminUrl } from '../helpers/engines.js';
import { type TransferClient, transferClient } from './transfer-helpers.js';

/** Keys the schema holds itself, whatever the services check first. */

interface Raw {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}
const raw = (t: { database: { db: unknown } }) =>
  (t.database.db as unknown as { $client: Raw }).$client;

/** An empty database of the engine under test, migrated on demand from a given folder. */
async function emptyDatabase(): Promise<{
  client: Raw;
  migrate(folder: string): Promise<void>;
  close(): Promise<void>;
}> {
  if (testEngine() === 'pglite') {
    const client = await PGlite.create();
    return {
      client: {
        query: (text, params) =>
          (params ? client.query(text, params) : client.exec(text).then((r) => r.at(-1)!)) as never,
      },
      migrate: (folder) => migratePglite(drizzlePglite(client), { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const name = `argus_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString() });
  return {
    client: pool,
    migrate: (folder) => migratePg(drizzlePg(pool), { migrationsFolder: folder }),
    close: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The SQLSTATE a statement fails with (drizzle and the drivers nest the database's error). */
async function sqlState(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    let e: unknown = error;
    while (e && typeof e === 'object') {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
      e = (e as { cause?: unknown }).cause;
    }
    throw error;
  }
}

describe('migration 0001 on a database with data the new keys refuse', () => {
  it('nulls dangling parents, keeps one of each duplicated dependency and records the removal', async () => {
    // A database migrated to 0000 only, as an installation of the previous release is.
    const first = mkdtempSync(join(tmpdir(), 'argus-migrations-'));
    const database = await emptyDatabase();
    try {
      cpSync(join(migrationsFolder, '0000_init.sql'), join(first, '0000_init.sql'));
      cpSync(join(migrationsFolder, 'meta'), join(first, 'meta'), { recursive: true });
      const journal = JSON.parse(readFileSync(join(first, 'meta/_journal.json'), 'utf8'));
      journal.entries = journal.entries.filter((e: { idx: number }) => e.idx === 0);
      writeFileSync(join(first, 'meta/_journal.json'), JSON.stringify(journal));
      await database.migrate(first);

      const { client } = database;
      const ghost = '00000000-0000-4000-8000-00000000dead';
      await client.query(`
        INSERT INTO teams (id, name) VALUES ('10000000-0000-4000-8000-000000000001', 'root');
        INSERT INTO teams (name, parent_id) VALUES ('kept', '10000000-0000-4000-8000-000000000001'), ('orphan', '${ghost}');
        INSERT INTO reference_items (list, name, parent_id) VALUES ('subcategories', 'lost', '${ghost}');
        INSERT INTO components (id, name) VALUES ('20000000-0000-4000-8000-000000000001', 'a'), ('20000000-0000-4000-8000-000000000002', 'b');
        INSERT INTO component_versions (id, component_id, version) VALUES ('30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', '1.0');
        INSERT INTO dependencies (from_component_id, to_component_id, type) VALUES
          ('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'strong_rw'),
          ('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'strong_rw'),
          ('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'weak_r');
        INSERT INTO dependencies (from_component_id, from_version_id, to_component_id, type) VALUES
          ('20000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'strong_rw');
      `);

      await database.migrate(migrationsFolder);

      const teams = await client.query('SELECT name, parent_id FROM teams ORDER BY name');
      expect(teams.rows).toEqual([
        { name: 'kept', parent_id: '10000000-0000-4000-8000-000000000001' },
        { name: 'orphan', parent_id: null },
        { name: 'root', parent_id: null },
      ]);
      const items = await client.query('SELECT parent_id FROM reference_items');
      expect(items.rows).toEqual([{ parent_id: null }]);
      // One dependency for all versions and the one of version 1.0 remain.
      const deps = await client.query(
        'SELECT from_version_id IS NULL AS all_versions FROM dependencies ORDER BY 1',
      );
      expect(deps.rows).toEqual([{ all_versions: false }, { all_versions: true }]);
      const removed = await client.query(
        `SELECT entity_ref, action, reason FROM audit_events WHERE entity_type = 'dependency'`,
      );
      expect(removed.rows).toHaveLength(2);
      expect(removed.rows[0]).toMatchObject({
        entity_ref: 'component:default/a->component:default/b',
        action: 'delete',
        reason: expect.stringContaining('duplicate'),
      });

      // From now on the keys hold.
      expect(
        await sqlState(
          client.query(`INSERT INTO teams (name, parent_id) VALUES ('x', '${ghost}')`),
        ),
      ).toBe('23503');
      expect(
        await sqlState(
          client.query(
            `INSERT INTO dependencies (from_component_id, to_component_id, type) VALUES ('20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'weak_r')`,
          ),
        ),
      ).toBe('23505');
    } finally {
      rmSync(first, { recursive: true, force: true });
      await database.close();
    }
  });
});

describe('keys of a running Argus', () => {
  let t: TestApp;
  let f: CatalogFixture;
  let transfer: TransferClient;
  beforeAll(async () => {
    t = await startTestApp();
    f = await seedCatalog(t);
    transfer = await transferClient(t);
  });
  afterAll(async () => {
    await transfer.close();
    await t.close();
  });

  it('deleting a team moves its sub-teams up; the parent key never dangles', async () => {
    const res = await t.request(f.admin, { method: 'DELETE', url: '/api/teams/platform' });
    expect(res.statusCode, res.body).toBe(204);
    const payments = (
      await t.request(f.admin, { method: 'GET', url: '/api/teams/payments' })
    ).json();
    expect(payments.parent).toBeNull();
    expect(
      await sqlState(
        raw(t).query(`UPDATE teams SET parent_id = '00000000-0000-4000-8000-00000000dead'`),
      ),
    ).toBe('23503');
  });

  it('a list value with children cannot go, and says why; the key holds even past the service', async () => {
    const item = { description: '', position: 0, extra: {} };
    await t.catalog.createReference(t.system, 'languages', { ...item, name: 'Rust', parent: null });
    await t.catalog.createReference(t.system, 'frameworks', {
      ...item,
      name: 'Axum',
      parent: 'Rust',
    });
    const res = await t.request(f.admin, {
      method: 'DELETE',
      url: '/api/reference/languages/Rust',
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toBe('"Rust" still has 1 child items');
    expect(await sqlState(raw(t).query(`DELETE FROM reference_items WHERE name = 'Rust'`))).toBe(
      '23503',
    );
  });

  it('imports keep foreign keys checked: sub-teams listed before their parent, over batches', async () => {
    // More sub-teams than one INSERT batch writes (5,000), all listed before their parent:
    // written in document order, the first batch would point at a team not yet there.
    const children = Array.from({ length: 5001 }, (_, i) => ({ name: `sub-${i}`, parent: 'top' }));
    const res = await transfer.request(f.admin, {
      method: 'POST',
      url: '/api/import/argus',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        format: 'argus',
        version: 1,
        exportedAt: new Date().toISOString(),
        teams: [...children, { name: 'top' }],
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const orphans = await raw(t).query(
      `SELECT count(*)::int AS n FROM teams c JOIN teams p ON p.id = c.parent_id WHERE p.name = 'top'`,
    );
    expect(orphans.rows[0]).toEqual({ n: 5001 });
  });
});

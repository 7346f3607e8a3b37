import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/platform/db.js';

// Migration 0002 makes a component's system a reference to a system entity: a database
// holding components with systems before it gets one system per name after it, with history.
// The migration SQL is the same on both engines; this runs it on PGlite (once, not again in
// the PostgreSQL project).
const before = mkdtempSync(join(tmpdir(), 'argus-migrations-'));
afterAll(() => rmSync(before, { recursive: true, force: true }));

describe('migration 0002 (catalog kinds)', () => {
  it('creates the systems that components name, once per name ignoring case, in the history', {
    timeout: 180_000,
    skip: process.env.ARGUS_TEST_ENGINE === 'postgres',
  }, async () => {
    cpSync(migrationsFolder, before, { recursive: true });
    const journal = JSON.parse(readFileSync(join(before, 'meta/_journal.json'), 'utf8'));
    journal.entries = journal.entries.filter((e: { idx: number }) => e.idx < 2);
    writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal));

    const client = await PGlite.create();
    try {
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: before });
      await client.exec(`INSERT INTO components (name, system) VALUES
        ('billing', 'payments'), ('refunds', 'Payments'), ('storefront', ' shop '),
        ('tooling', NULL), ('docs', '')`);
      await migrate(db, { migrationsFolder });

      const systems = await client.query<{ kind: string; namespace: string; name: string }>(
        `SELECT kind, namespace, lower(name) AS name FROM catalog_entities ORDER BY 3`,
      );
      expect(systems.rows).toEqual([
        { kind: 'system', namespace: 'default', name: 'payments' },
        { kind: 'system', namespace: 'default', name: 'shop' },
      ]);
      const history = await client.query<{
        entity_type: string;
        entity_ref: string;
        reason: string;
      }>(
        `SELECT entity_type, lower(entity_ref) AS entity_ref, reason FROM audit_events ORDER BY 2`,
      );
      expect(history.rows.map((r) => `${r.entity_type} ${r.entity_ref}`)).toEqual([
        'system system:default/payments',
        'system system:default/shop',
      ]);
      expect(history.rows[0]!.reason).toContain('migration 0002');
      const teams = await client.query<{ column_default: string }>(
        `SELECT column_default FROM information_schema.columns WHERE table_name = 'teams' AND column_name = 'type'`,
      );
      expect(teams.rows[0]!.column_default).toContain('team');
    } finally {
      await client.close();
    }
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

const root = join(import.meta.dirname, '../..');

// Generated artefacts are committed so they can be reviewed; these tests fail when one is stale.
describe('generated files', () => {
  it('migrations match the Drizzle schema (run `npm run db:generate` after a schema change)', () => {
    // drizzle-kit wants the output folder relative to the project.
    const out = mkdtempSync(join(root, '.argus-test-migrations-'));
    try {
      cpSync(join(root, 'migrations'), out, { recursive: true });
      const before = readdirSync(out).sort();
      const printed = execFileSync(
        join(root, 'node_modules/.bin/drizzle-kit'),
        [
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          './src/**/schema.ts',
          '--out',
          relative(root, out),
          '--name',
          'stale-check',
        ],
        { cwd: root, stdio: 'pipe', encoding: 'utf8' },
      );
      expect(readdirSync(out).sort(), printed).toEqual(before);
      expect(printed).toContain('No schema changes');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('docs/openapi.json is the API the server describes (run `npm run openapi:generate`)', async () => {
    if (process.env.ARGUS_TEST_ENGINE === 'postgres') return; // the document does not depend on the engine
    const t = await startTestApp();
    try {
      const live = JSON.stringify(t.app.swagger(), null, 2);
      expect(readFileSync(join(root, 'docs/openapi.json'), 'utf8').trim()).toBe(live.trim());
    } finally {
      await t.close();
    }
  });
});

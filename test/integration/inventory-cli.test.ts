import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { runArgus } from '../helpers/cli.js';
import { fixturePath } from '../helpers/fixtures.js';

// `argus resources list|import|export` against a running Argus (ARGUS_URL, ARGUS_TOKEN), each a
// real process, as scripts run them.
const CLI_TIMEOUT = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'argus-resources-cli-'));
const fixture = fixturePath('panoptes', 'localhost.json');
let t: TestApp;
let url: string;
let admin: TestUser;
let reader: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('ada', { admin: true });
  reader = await t.user('rex');
  url = await t.listen();
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = (user: TestUser | null) => ({
  ARGUS_URL: url,
  ARGUS_TOKEN: user?.token ?? '',
});

describe('argus resources', () => {
  it(
    'imports a Panoptes file, lists as a table and as JSON with a filter, and exports it back',
    async () => {
      const imported = await runArgus(['resources', 'import', fixture], as(admin));
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('created 1, updated 0, unchanged 0, refused 0');

      const table = await runArgus(['resources', 'list'], as(reader));
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(
        /^SITE\s+ID\s+CLASS\s+ENDPOINT\s+PLUGIN\s+STATE$/,
      );
      expect(table.stdout).toMatch(/local\s+localhost\s+system\/host\/generic\s+localhost/);

      const json = await runArgus(
        [
          'resources',
          'list',
          'resource_metadata._resource_ttl IS NULL AND resource_site = "local"',
          '--json',
        ],
        as(reader),
      );
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout).map((r: { resource_id: string }) => r.resource_id)).toEqual([
        'localhost',
      ]);
      const none = await runArgus(['resources', 'list', 'resource_site = "nowhere"'], as(reader));
      expect(none.stdout).toBe('no resources\n');

      const exported = await runArgus(['resources', 'export'], as(reader));
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(readFileSync(fixture, 'utf8')));
    },
    CLI_TIMEOUT,
  );

  it(
    'reports refused records with a non-zero exit, and still loads the good ones',
    async () => {
      const file = join(dir, 'mixed.json');
      const good = { ...JSON.parse(readFileSync(fixture, 'utf8'))[0], resource_id: 'other' };
      writeFileSync(file, JSON.stringify([good, { resource_id: 'x' }]));
      const res = await runArgus(['resources', 'import', file], as(admin));
      expect(res.code).toBe(2);
      expect(res.stdout).toContain('created 1');
      expect(res.stdout).toContain('record 1: resource_site:');
    },
    CLI_TIMEOUT,
  );

  it(
    'fails with a message and exit 1 on a bad filter, a missing token and a reader importing',
    async () => {
      const bad = await runArgus(['resources', 'list', 'resource_class = '], as(reader));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('argus: 400: filter: line 1, column 18');
      const anonymous = await runArgus(['resources', 'list'], as(null));
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr).toContain('set ARGUS_TOKEN');
      const forbidden = await runArgus(['resources', 'import', fixture], as(reader));
      expect(forbidden.code).toBe(1);
      expect(forbidden.stderr).toContain('403: only admins may import resources');
    },
    CLI_TIMEOUT,
  );
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgus } from '../helpers/cli.js';

// `argus radar import` and `argus radar export` on the local database, as scripts use them.
// Each command is a process of its own that opens (and on first use migrates) the embedded
// database: minutes on a busy machine, hence the timeouts.
const CLI_TIMEOUT = 240_000;
const dir = mkdtempSync(join(tmpdir(), 'argus-radar-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const zalando = {
  quadrants: [{ name: 'Languages' }, { name: 'Infrastructure' }],
  rings: [
    { name: 'ADOPT', color: '#5ba300' },
    { name: 'HOLD', color: '#e09b96' },
  ],
  entries: [
    { label: 'Go', quadrant: 0, ring: 0, active: true, link: 'https://go.dev', moved: 0 },
    { label: 'Perl', quadrant: 0, ring: 1, active: true, link: '', moved: 2 },
  ],
};

describe('argus radar', () => {
  it(
    'imports a Zalando file (format detected) and exports it again, the same',
    async () => {
      const env = { ARGUS_DATA_DIR: join(dir, 'data'), ARGUS_DATABASE_URL: '' };
      const input = join(dir, 'config.json');
      writeFileSync(input, JSON.stringify(zalando));
      const imported = await runArgus(['radar', 'import', input], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('radar_entries    read 2, created 2, updated 0');

      const out = join(dir, 'out.json');
      const exported = await runArgus(
        ['radar', 'export', '--format', 'zalando', '--out', out],
        env,
      );
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(zalando);

      const backstage = await runArgus(['radar', 'export', '--format', 'backstage'], env);
      expect(JSON.parse(backstage.stdout).entries.map((e: { id: string }) => e.id)).toEqual([
        'go',
        'perl',
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    'prints each problem of a bad file and exits non-zero',
    async () => {
      const env = { ARGUS_DATA_DIR: join(dir, 'bad'), ARGUS_DATABASE_URL: '' };
      const input = join(dir, 'bad.json');
      writeFileSync(
        input,
        JSON.stringify({ ...zalando, entries: [{ ...zalando.entries[0], ring: 5 }] }),
      );
      const refused = await runArgus(['radar', 'import', input], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('entries[0].ring: entry "Go": no ring 5');
    },
    CLI_TIMEOUT,
  );
});

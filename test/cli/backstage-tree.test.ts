import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runArgus } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '../fixtures/backstage-tree/catalog-info.yaml');
const dir = mkdtempSync(join(tmpdir(), 'argus-cli-backstage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('argus import backstage FILE', () => {
  it('follows the Locations of a descriptor file and exports every kind back', async () => {
    const env = { ARGUS_DATA_DIR: dir, ARGUS_DATABASE_URL: '' };
    const imported = await runArgus(['import', 'backstage', ROOT], env);
    expect(imported.code, imported.stderr).toBe(0);
    for (const [kind, n] of [
      ['Domain', 1],
      ['System', 2],
      ['Component', 3],
      ['API', 2],
      ['Resource', 2],
    ] as const)
      expect(imported.stdout).toMatch(new RegExp(`^${kind}\\s+${n}\\s+${n}\\s+0\\s+0$`, 'm'));
    // The Location in services/checkout leads to services/payments: its API was read.
    const out = join(dir, 'catalog.yaml');
    const exported = await runArgus(['export', 'backstage', '-o', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    const names = parseAllDocuments(readFileSync(out, 'utf8')).map((d) => {
      const e = d.toJS() as { kind: string; metadata: { name: string } };
      return `${e.kind}:${e.metadata.name}`;
    });
    expect(names).toEqual(
      expect.arrayContaining(['API:payments-api', 'Resource:payments-queue', 'Domain:commerce']),
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/helpers/fixtures.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fixturePath('panoptes', 'localhost.json');
const dir = mkdtempSync(join(tmpdir(), 'argus-resources-filter-'));

// A tiny `argus` with only this command, run the way bin/argus.js runs the real one (tsx).
const entry = join(dir, 'entry.mts');
writeFileSync(
  entry,
  `import { Command } from ${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('commander')).href)};
import { registerResourcesCommand } from ${JSON.stringify(pathToFileURL(fileURLToPath(new URL('./resources.ts', import.meta.url))).href)};
const program = new Command('argus');
registerResourcesCommand(program);
await program.parseAsync(process.argv);
`,
);

const resources = [
  {
    resource_id: 'sw1',
    resource_site: 'dc1',
    resource_class: 'network',
    resource_metadata: { make: 'Arista' },
  },
  {
    resource_id: 'sw2',
    resource_site: 'dc2',
    resource_class: 'network',
    resource_metadata: { make: 'Cisco' },
  },
  { resource_id: 'h1', resource_site: 'dc3', resource_class: 'system', resource_metadata: {} },
];
const several = join(dir, 'several.json');
writeFileSync(several, JSON.stringify({ resources }));
// Kubernetes-style metadata keys, which only the quoted key form can name.
const kubernetes = join(dir, 'kubernetes.json');
writeFileSync(
  kubernetes,
  JSON.stringify([
    { resource_id: 'pod1', resource_metadata: { 'app.kubernetes.io/name': 'web' } },
    { resource_id: 'pod2', resource_metadata: { 'app.kubernetes.io/name': 'db' } },
  ]),
);
const broken = join(dir, 'broken.json');
writeFileSync(broken, '[{"resource_id": "x",]');
const wrongShape = join(dir, 'shape.json');
writeFileSync(wrongShape, '{"items": []}');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function argus(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: repoRoot, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('argus resources filter', () => {
  it('prints the matching resources of a Panoptes file as JSON', async () => {
    const result = await argus(
      'resources',
      'filter',
      '--file',
      fixture,
      'resource_class = "system" AND resource_metadata._resource_ttl = 900',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(fixture, 'utf8')));
  });

  it('reads the string creation timestamp of Panoptes files as a number', async () => {
    const result = await argus(
      'resources',
      'filter',
      '--ids',
      '--file',
      fixture,
      'resource_creation_timestamp > 1512629517',
    );
    expect(result).toEqual({ code: 0, stdout: 'localhost\n', stderr: '' });
  });

  it('prints ids with --ids, for an object with a resources array', async () => {
    const result = await argus(
      'resources',
      'filter',
      '--file',
      several,
      '--ids',
      'resource_metadata.make LIKE "arista%" OR NOT resource_class IN ("network")',
    );
    expect(result).toEqual({ code: 0, stdout: 'sw1\nh1\n', stderr: '' });
  });

  it('prints an empty array when nothing matches', async () => {
    const result = await argus(
      'resources',
      'filter',
      '--file',
      several,
      'resource_site = "nowhere"',
    );
    expect(result).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('shows a syntax error with the expression and a caret, exit code 2, nothing on stdout', async () => {
    const result = await argus('resources', 'filter', '--file', several, 'resource_id IN x');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'argus: invalid filter: line 1, column 16: expected "(" but found "x"\n  resource_id IN x\n                 ^\n',
    );
  });

  it('names the whole token it found, with the caret under its first character', async () => {
    const filter = 'resource_site = "dc1" AND AND resource_class = "x"';
    const result = await argus('resources', 'filter', '--file', several, filter);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `argus: invalid filter: line 1, column 27: expected "(", NOT or field name but found "AND"\n  ${filter}\n  ${' '.repeat(26)}^\n`,
    );
  });

  it('reads metadata keys with dots and slashes in quotes', async () => {
    const result = await argus(
      'resources',
      'filter',
      '--file',
      kubernetes,
      '--ids',
      `resource_metadata."app.kubernetes.io/name" = 'web'`,
    );
    expect(result).toEqual({ code: 0, stdout: 'pod1\n', stderr: '' });
  });

  it('shows an unknown field with the known ones and a caret under it', async () => {
    const result = await argus(
      'resources',
      'filter',
      '--file',
      several,
      'resource_site = "dc1" AND resource_sitee = "x"',
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'line 1, column 27: unknown field "resource_sitee" (known fields: resource_class,',
    );
    expect(result.stderr).toContain('resource_metadata.<key>');
    expect(result.stderr).toContain(
      `\n  resource_site = "dc1" AND resource_sitee = "x"\n  ${' '.repeat(26)}^\n`,
    );
  });

  it('refuses an empty filter', async () => {
    const result = await argus('resources', 'filter', '--file', several, '  ');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('filter is empty');
  });

  it('names a file that is not JSON, or not a list of resources, and exits with 2', async () => {
    const bad = await argus('resources', 'filter', '--file', broken, 'resource_id = "x"');
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(
      new RegExp(`^argus: ${broken.replaceAll('/', '\\/')} is not valid JSON: `),
    );

    const shape = await argus('resources', 'filter', '--file', wrongShape, 'resource_id = "x"');
    expect(shape).toMatchObject({ code: 2, stdout: '' });
    expect(shape.stderr).toContain(
      'expected a JSON array of resources or an object with a "resources" array',
    );

    const missing = await argus(
      'resources',
      'filter',
      '--file',
      join(dir, 'missing.json'),
      'resource_id = "x"',
    );
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('cannot read');
  });
});

describe('the API commands print', () => {
  const row = (id: string, staleSince: string | null) => ({
    id: `00000000-0000-4000-8000-00000000000${id.length}`,
    resource_id: id,
    resource_site: 'dc1',
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'arista',
    resource_endpoint: `${id}.example.net`,
    resource_plugin: 'snmp',
    resource_creation_timestamp: 1,
    resource_metadata: {},
    ttlSeconds: 60,
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    staleSince,
  });

  it('resources as an aligned table, stale ones saying since when', async () => {
    const { formatResources } = await import('./resources.js');
    expect(formatResources([row('sw1', null), row('switch-22', '2026-01-02T00:00:00.000Z')])).toBe(
      [
        'SITE  ID         CLASS                  ENDPOINT               PLUGIN  STATE',
        'dc1   sw1        network/switch/arista  sw1.example.net        snmp    ok',
        'dc1   switch-22  network/switch/arista  switch-22.example.net  snmp    stale since 2026-01-02T00:00:00.000Z',
        '',
      ].join('\n'),
    );
    expect(formatResources([])).toBe('no resources\n');
  });

  it('an import report counting refused records once, with each problem', async () => {
    const { formatReport } = await import('./resources.js');
    expect(
      formatReport({
        created: 2,
        updated: 1,
        unchanged: 0,
        problems: [
          { index: 3, field: 'resource_class', reason: 'required' },
          { index: 3, field: 'resource_type', reason: 'required' },
        ],
      }),
    ).toBe(
      'created 2, updated 1, unchanged 0, refused 1\n  record 3: resource_class: required\n  record 3: resource_type: required\n',
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/helpers/fixtures.js';
import { panoptesResource } from '../../inventory/contract.js';
import { parseRecord } from '../../inventory/records.js';
import { parsePluginFile } from '../config/plugin-file.js';
import { PluginFailure, RunStatus } from '../plugin.js';
import { moduleRegistry } from '../registry.js';
import { testContext } from './fixtures/context.js';
import { jsonFileDiscovery } from './json-file.js';
import { selfDiscovery } from './self.js';

const dir = mkdtempSync(join(tmpdir(), 'argus-json-file-'));
const PANOPTES_FIXTURE = fixturePath('panoptes', 'localhost.json');

function run(configFile: string) {
  return jsonFileDiscovery.run(
    testContext({
      module: 'json-file',
      kind: 'discovery',
      sections: { main: { config_file: configFile } },
    }),
  );
}

describe('json-file discovery', () => {
  it("loads Panoptes' own resource file unchanged (the creation timestamp a string)", async () => {
    const { resources } = await run(PANOPTES_FIXTURE);
    expect(resources).toEqual([
      expect.objectContaining({
        resource_id: 'localhost',
        resource_site: 'local',
        resource_creation_timestamp: '1512629517.03121',
        resource_metadata: { _resource_ttl: '900' },
      }),
    ]);
    expect(panoptesResource.safeParse(resources[0]).success).toBe(true);
  });

  it('passes every record on in file order, so the inventory names a bad one by index and field', async () => {
    const good = {
      ...JSON.parse(
        await import('node:fs').then((fs) => fs.readFileSync(PANOPTES_FIXTURE, 'utf8')),
      )[0],
    };
    const file = join(dir, 'mixed.json');
    writeFileSync(
      file,
      JSON.stringify([
        good,
        { ...good, resource_id: 'b', resource_site: 7 },
        'nonsense',
        { ...good, resource_id: 'c' },
      ]),
    );
    const { resources } = await run(file);
    expect(resources).toHaveLength(4);
    const problems = resources.flatMap((r, i) => {
      const parsed = parseRecord(r, i);
      return parsed.ok ? [] : parsed.problems;
    });
    expect(problems).toEqual([
      expect.objectContaining({ index: 1, field: 'resource_site' }),
      expect.objectContaining({ index: 2, field: '(record)' }),
    ]);
  });

  it('fails with status 5 naming the path when the file is missing, not JSON or not an array', async () => {
    const missing = join(dir, 'absent.json');
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '[{"resource_id": ');
    const notArray = join(dir, 'object.json');
    writeFileSync(notArray, '{"resource_id": "x"}');
    for (const [file, reason] of [
      [missing, /cannot read .*absent\.json: ENOENT/],
      [notJson, /bad\.json is not JSON/],
      [notArray, /object\.json: expected an array/],
    ] as const) {
      const error = await run(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PluginFailure);
      expect((error as PluginFailure).status).toBe(RunStatus.internalFailure);
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('refuses a configuration without config_file, naming the key', () => {
    const parsed = jsonFileDiscovery.sections!.safeParse({ main: {} });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error)).toContain('config_file');
  });
});

describe('self discovery', () => {
  it('describes this machine as a valid Panoptes resource', async () => {
    const ctx = testContext({ module: 'self', kind: 'discovery', now: () => 1_800_000_000.5 });
    const { resources } = await selfDiscovery.run(ctx);
    expect(resources).toHaveLength(1);
    const r = resources[0]!;
    expect(r).toMatchObject({
      resource_site: 'local',
      resource_class: 'system',
      resource_subclass: 'host',
      resource_type: 'generic',
      resource_id: hostname(),
      resource_endpoint: hostname(),
      resource_plugin: 'test-self',
      resource_creation_timestamp: 1_800_000_000.5,
    });
    expect(r.resource_metadata).toMatchObject({ os_name: 'Linux' });
    expect(Number(r.resource_metadata?.cpu_count)).toBeGreaterThan(0);
    expect(Number(r.resource_metadata?.memory_total)).toBeGreaterThan(1024 * 1024);
    expect(parseRecord(r, 0).ok).toBe(true);
  });

  it('takes the site from its section', async () => {
    const ctx = testContext({
      module: 'self',
      kind: 'discovery',
      sections: { main: { site: 'dc1' } },
    });
    expect((await selfDiscovery.run(ctx)).resources[0]?.resource_site).toBe('dc1');
  });
});

describe("Panoptes' json-file plugin configuration", () => {
  it('loads as Panoptes writes it and reads the file it names', async () => {
    const ini = [
      '[Core]',
      'Name = JSON File Discovery Plugin',
      'Module = plugin_discovery_from_json_file',
      '',
      '[main]',
      'execute_frequency = 60',
      `config_file = ${PANOPTES_FIXTURE}`,
      '',
    ].join('\n');
    const { config } = parsePluginFile('json.panoptes-plugin', ini, moduleRegistry());
    expect(config).toMatchObject({ kind: 'discovery', module: 'plugin_discovery_from_json_file' });
    const module = moduleRegistry().get(config.module);
    const ctx = testContext({
      module: config.module,
      kind: 'discovery',
      sections: config.sections,
    });
    const output = await (module as typeof jsonFileDiscovery).run(ctx);
    expect(output.resources[0]?.resource_id).toBe('localhost');
  });
});

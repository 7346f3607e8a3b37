import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PluginModule } from '../plugin.js';
import { moduleRegistry } from '../registry.js';
import { parsePluginFile } from './plugin-file.js';
import { loadPluginSet } from './plugin-set.js';

const snmpPolling: PluginModule = {
  kind: 'polling',
  name: 'test_polling_interface',
  sections: z.object({
    snmp: z
      .object({ timeout: z.coerce.number().positive(), community: z.string().optional() })
      .optional(),
  }),
  run: async () => ({ groups: [] }),
};
const jsonDiscovery: PluginModule = {
  kind: 'discovery',
  name: 'test_discovery_from_json_file',
  run: async () => ({ resources: [] }),
};
const interfaceEnrichment: PluginModule = {
  kind: 'enrichment',
  name: 'test_interfaces',
  run: async () => ({ enrichments: {} }),
};
const modules = moduleRegistry([snmpPolling, jsonDiscovery, interfaceEnrichment]);

const panoptesPolling = `[Core]
Name = Interface Polling Plugin
Module = /home/panoptes/plugins/polling/interface/test_polling_interface.py

[Documentation]
Author = Oath, Inc.
Version = 0.1
Description = Polls interfaces

[main]
execute_frequency = 60
resource_filter = resource_class = "network" AND resource_type = "cisco"
results_cache_age = 30

[enrichment]
preload = self:interface

[snmp]
timeout = 10
community = public

[transforms]
counters = rate:interface:bits_in,bits_out,
  rate:interface:errors_in
`;

describe('Panoptes .panoptes-plugin files', () => {
  it('read as Panoptes writes them', () => {
    const { config, runAtStart } = parsePluginFile('a.panoptes-plugin', panoptesPolling, modules);
    expect(runAtStart).toBe(false);
    expect(config).toEqual({
      name: 'Interface Polling Plugin',
      kind: 'polling',
      module: 'test_polling_interface',
      executeFrequency: 60,
      resourceFilter: 'resource_class = "network" AND resource_type = "cisco"',
      resultsCacheAge: 30,
      enrichmentPreload: ['self:interface'],
      transforms: ['rate:interface:bits_in', 'rate:interface:bits_out', 'rate:interface:errors_in'],
      sections: { snmp: { timeout: 10, community: 'public' } },
      source: 'a.panoptes-plugin',
    });
  });

  it('keep [main] settings of the module (config_file) for the module', () => {
    const text = `[Core]
Name = JSON discovery
Module = yahoo_panoptes.plugins.discovery.test_discovery_from_json_file

[main]
execute_frequency = 60
results_cache_age = 0
resource_ttl = 300
config_file = /etc/panoptes/localhost.json
`;
    const { config } = parsePluginFile('d.panoptes-plugin', text, modules);
    expect(config.kind).toBe('discovery');
    expect(config.module).toBe('test_discovery_from_json_file');
    expect(config.sections).toEqual({
      main: { resource_ttl: '300', config_file: '/etc/panoptes/localhost.json' },
    });
  });

  const broken: [string, string, string, RegExp][] = [
    ['no [Core]', '[main]\nexecute_frequency = 60\n', '[Core]', /section missing/],
    [
      'a line that is no key',
      panoptesPolling.replace('Version = 0.1', 'Version'),
      'line 7',
      /expected "key = value"/,
    ],
    [
      'no name',
      panoptesPolling.replace('Name = Interface Polling Plugin\n', ''),
      'Core.name',
      /missing/,
    ],
    [
      'an unknown module',
      panoptesPolling.replace('test_polling_interface.py', 'nope.py'),
      'Core.module',
      /unknown module "nope"/,
    ],
    [
      'no frequency',
      panoptesPolling.replace('execute_frequency = 60\n', ''),
      'main.execute_frequency',
      /missing/,
    ],
    [
      'a frequency in words',
      panoptesPolling.replace('= 60', '= often'),
      'main.execute_frequency',
      /expected a number/,
    ],
    [
      'a zero frequency',
      panoptesPolling.replace('= 60', '= 0'),
      'main.execute_frequency',
      /from 1 to/,
    ],
    [
      'a filter that does not parse',
      panoptesPolling.replace('AND resource_type', 'AND AND'),
      'main.resource_filter',
      /./,
    ],
    [
      'a filter on an unknown field',
      panoptesPolling.replace('resource_type =', 'resource_colour ='),
      'main.resource_filter',
      /resource_colour/,
    ],
    [
      'a preload of another resource',
      panoptesPolling.replace('self:interface', 'other:interface'),
      'enrichment.preload',
      /self:<namespace>/,
    ],
    [
      'a transform of another kind',
      panoptesPolling.replace('rate:interface:bits_in', 'delta:interface:bits_in'),
      'transforms.counters',
      /rate:<group_type>:<metric>/,
    ],
    [
      'a section the module refuses',
      panoptesPolling.replace('timeout = 10', 'timeout = soon'),
      'snmp.timeout',
      /number/,
    ],
    [
      'a negative cache age',
      panoptesPolling.replace('results_cache_age = 30', 'results_cache_age = -1'),
      'main.results_cache_age',
      /from 0/,
    ],
  ];
  for (const [what, text, key, reason] of broken) {
    it(`refuse ${what}, naming the key`, () => {
      try {
        parsePluginFile('bad.panoptes-plugin', text, modules);
        expect.fail('accepted');
      } catch (error) {
        expect(error).toMatchObject({ name: 'PluginFileError', file: 'bad.panoptes-plugin', key });
        expect((error as { reason: string }).reason).toMatch(reason);
      }
    });
  }
});

const yamlPolling = `name: interfaces
kind: polling
module: test_polling_interface
execute_frequency: 60
resource_filter: resource_class = "network"
run_at_start: true
enrichment:
  preload: [self:interface]
transforms:
  - rate:interface:bits_in
  - rate:interface:bits_out
snmp:
  timeout: 5
`;

describe('YAML plugin files', () => {
  it('read into the same configuration', () => {
    const { config, runAtStart } = parsePluginFile('p.yaml', yamlPolling, modules);
    expect(runAtStart).toBe(true);
    expect(config).toMatchObject({
      name: 'interfaces',
      kind: 'polling',
      executeFrequency: 60,
      enrichmentPreload: ['self:interface'],
      transforms: ['rate:interface:bits_in', 'rate:interface:bits_out'],
      sections: { snmp: { timeout: 5 } },
    });
  });

  it('give an enrichment plugin a TTL of three runs unless set', () => {
    const text =
      'name: e\nmodule: test_interfaces\nexecute_frequency: 600\nresource_filter: resource_class = "network"\n';
    expect(parsePluginFile('e.yaml', text, modules).config.enrichmentTtl).toBe(1800);
    expect(
      parsePluginFile('e.yaml', `${text}enrichment_ttl: 900\n`, modules).config.enrichmentTtl,
    ).toBe(900);
  });

  const broken: [string, string, string, RegExp][] = [
    ['YAML that does not parse', 'name: ok\nmodule: a: b\n', 'line 2', /./],
    ['a list instead of a mapping', '- name: x\n', '(file)', /mapping/],
    ['no module', yamlPolling.replace('module: test_polling_interface\n', ''), 'module', /missing/],
    [
      'a kind the module is not',
      yamlPolling.replace('kind: polling', 'kind: discovery'),
      'kind',
      /is a polling module/,
    ],
    [
      'no filter on a polling plugin',
      yamlPolling.replace(/resource_filter: .*\n/, ''),
      'resource_filter',
      /missing/,
    ],
    [
      'run_at_start that is no boolean',
      yamlPolling.replace('run_at_start: true', 'run_at_start: maybe'),
      'run_at_start',
      /true or false/,
    ],
    [
      'a section the module refuses',
      yamlPolling.replace('timeout: 5', 'timeout: -5'),
      'snmp.timeout',
      /./,
    ],
    [
      'transforms on a discovery plugin',
      'name: d\nmodule: test_discovery_from_json_file\nexecute_frequency: 60\ntransforms: [rate:a:b]\n',
      'transforms',
      /only a polling plugin/,
    ],
    [
      'a TTL on a polling plugin',
      `${yamlPolling}enrichment_ttl: 60\n`,
      'enrichment_ttl',
      /only an enrichment plugin/,
    ],
  ];
  for (const [what, text, key, reason] of broken) {
    it(`refuse ${what}, naming the key`, () => {
      try {
        parsePluginFile('bad.yaml', text, modules);
        expect.fail('accepted');
      } catch (error) {
        expect(error).toMatchObject({ name: 'PluginFileError', file: 'bad.yaml', key });
        expect((error as { reason: string }).reason).toMatch(reason);
      }
    });
  }
});

describe('a folder of plugin files', () => {
  const root = mkdtempSync(join(tmpdir(), 'argus-plugins-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads the good files, reports the bad ones, and lets a later folder override by name', () => {
    const shipped = join(root, 'shipped');
    const operator = join(root, 'operator');
    mkdirSync(join(operator, 'polling'), { recursive: true });
    mkdirSync(shipped);
    writeFileSync(join(shipped, 'interfaces.yaml'), yamlPolling);
    writeFileSync(join(operator, 'polling', 'faster.yaml'), yamlPolling.replace('60', '30'));
    writeFileSync(join(operator, 'broken.panoptes-plugin'), '[Core]\nName = broken\n');
    writeFileSync(join(operator, 'z-dup.yml'), yamlPolling);
    writeFileSync(join(operator, 'notes.txt'), 'not a plugin');
    const set = loadPluginSet([shipped, operator, join(root, 'absent')], modules);
    expect(set.plugins.map((p) => [p.config.name, p.config.executeFrequency])).toEqual([
      ['interfaces', 30],
    ]);
    expect(set.errors).toEqual([
      {
        file: join(operator, 'broken.panoptes-plugin'),
        key: 'Core.module',
        reason: 'missing: the module name',
      },
      {
        file: join(operator, 'z-dup.yml'),
        key: 'name',
        reason: `"interfaces" is already the name of ${join(operator, 'polling', 'faster.yaml')}`,
      },
    ]);
  });
});

import { basename, extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { compilePredicate, DslError, parseFilter, resourceFields } from '../../dsl/index.js';
import type { PluginConfig, PluginModule } from '../plugin.js';
import type { ModuleRegistry } from '../registry.js';
import { type IniSections, IniSyntaxError, parseIni } from './ini.js';

/**
 * One plugin configuration file -> a checked PluginConfig. Two formats, one set of rules: YAML
 * (Argus's own) and Panoptes' `.panoptes-plugin` ini files, read as Panoptes writes them. Each
 * format is first read into the same raw shape, remembering the key as the file spells it, so an
 * error names the file, that key and the reason whatever the format.
 */

/** A plugin file that cannot be used: which file, which key, why. */
export class PluginFileError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${file}: ${key}: ${reason}`);
    this.name = 'PluginFileError';
  }
}

/** A plugin ready to schedule: its configuration plus how the scheduler treats it. */
export interface LoadedPlugin {
  config: PluginConfig;
  /** The first ever run of each of its pairs is due at once instead of spread (`run_at_start`). */
  runAtStart: boolean;
}

interface Field {
  /** The key as the file spells it (`main.execute_frequency` in an ini file). */
  key: string;
  value: unknown;
}

interface RawPlugin {
  name?: Field;
  kind?: Field;
  module?: Field;
  executeFrequency?: Field;
  resourceFilter?: Field;
  resultsCacheAge?: Field;
  enrichmentTtl?: Field;
  preload?: Field;
  transforms: Field[];
  runAtStart?: Field;
  sections: Record<string, Record<string, unknown>>;
  /** How a key inside a plugin-specific section is spelled in errors. */
  sectionKey: (section: string, path: string) => string;
  /** How a missing setting is spelled in errors (`execute_frequency`, `main.execute_frequency`). */
  missingKey: (key: 'name' | 'module' | 'execute_frequency' | 'resource_filter') => string;
}

export const pluginFileExtensions = ['.yaml', '.yml', '.panoptes-plugin'] as const;

/** Longest frequency accepted: a week. Longer is almost certainly a unit mistake (ms for s). */
const maxFrequency = 7 * 24 * 3600;
const namespacePattern = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const metricNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function parsePluginFile(file: string, text: string, modules: ModuleRegistry): LoadedPlugin {
  const raw = extname(file) === '.panoptes-plugin' ? readIni(file, text) : readYaml(file, text);
  return checkPlugin(file, raw, modules);
}

function readYaml(file: string, text: string): RawPlugin {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      throw new PluginFileError(
        file,
        line ? `line ${line}` : '(file)',
        error.message.split('\n')[0]!,
      );
    }
    throw error;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PluginFileError(file, '(file)', 'expected a mapping of plugin settings');
  }
  const entries = doc as Record<string, unknown>;
  const field = (key: string): Field | undefined =>
    entries[key] === undefined || entries[key] === null ? undefined : { key, value: entries[key] };
  const known = new Set([
    'name',
    'kind',
    'module',
    'execute_frequency',
    'resource_filter',
    'results_cache_age',
    'enrichment_ttl',
    'enrichment',
    'transforms',
    'run_at_start',
  ]);
  // Other mappings are the module's sections (`snmp:`); other scalars are module settings,
  // kept in `main` as Panoptes keeps them ([main] config_file = ...).
  const sections: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (known.has(key)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      sections[key] = value as Record<string, unknown>;
    } else {
      sections.main = { ...sections.main, [key]: value };
    }
  }
  const enrichment = entries.enrichment;
  let preload: Field | undefined;
  if (enrichment !== undefined && enrichment !== null) {
    if (typeof enrichment !== 'object' || Array.isArray(enrichment)) {
      throw new PluginFileError(file, 'enrichment', 'expected a mapping (preload: [...])');
    }
    const value = (enrichment as Record<string, unknown>).preload;
    if (value !== undefined && value !== null) preload = { key: 'enrichment.preload', value };
  }
  const transforms = field('transforms');
  return {
    name: field('name'),
    kind: field('kind'),
    module: field('module'),
    executeFrequency: field('execute_frequency'),
    resourceFilter: field('resource_filter'),
    resultsCacheAge: field('results_cache_age'),
    enrichmentTtl: field('enrichment_ttl'),
    preload,
    transforms: transforms ? [transforms] : [],
    runAtStart: field('run_at_start'),
    sections,
    sectionKey: (section, path) => (section === 'main' ? path : `${section}.${path}`),
    missingKey: (key) => key,
  };
}

/** Sections of a Panoptes file Argus reads itself rather than handing to the module. */
const iniOwnSections = new Set(['Core', 'Documentation', 'enrichment', 'transforms']);
const iniMainKeys = new Set([
  'execute_frequency',
  'resource_filter',
  'results_cache_age',
  'enrichment_ttl',
  'run_at_start',
]);

function readIni(file: string, text: string): RawPlugin {
  let ini: IniSections;
  try {
    ini = parseIni(text);
  } catch (error) {
    if (error instanceof IniSyntaxError)
      throw new PluginFileError(file, `line ${error.line}`, error.reason);
    throw error;
  }
  const field = (section: string, key: string): Field | undefined => {
    const entry = ini.get(section)?.get(key);
    return entry ? { key: `${section}.${key}`, value: entry.value } : undefined;
  };
  if (!ini.has('Core')) throw new PluginFileError(file, '[Core]', 'section missing (Name, Module)');
  const module = field('Core', 'module');
  if (module && typeof module.value === 'string') {
    // Panoptes names the Python file or module path; Argus's module is its last segment.
    module.value = basename(module.value.trim()).replace(/\.py$/, '').split('.').pop();
  }
  const sections: Record<string, Record<string, unknown>> = {};
  for (const [section, entries] of ini) {
    if (iniOwnSections.has(section)) continue;
    const values: Record<string, unknown> = {};
    for (const [key, { value }] of entries) {
      if (section === 'main' && iniMainKeys.has(key)) continue;
      values[key] = value;
    }
    if (Object.keys(values).length > 0) sections[section] = values;
  }
  // Every key of [transforms] is one named list of specs; their order is the file's.
  const transforms = [...(ini.get('transforms') ?? new Map())].map(([key, { value }]) => ({
    key: `transforms.${key}`,
    value,
  }));
  return {
    name: field('Core', 'name'),
    kind: field('Core', 'kind'),
    module,
    executeFrequency: field('main', 'execute_frequency'),
    resourceFilter: field('main', 'resource_filter'),
    resultsCacheAge: field('main', 'results_cache_age'),
    enrichmentTtl: field('main', 'enrichment_ttl'),
    preload: field('enrichment', 'preload'),
    transforms,
    runAtStart: field('main', 'run_at_start'),
    sections,
    sectionKey: (section, path) => `${section}.${path}`,
    missingKey: (key) => (key === 'name' || key === 'module' ? `Core.${key}` : `main.${key}`),
  };
}

function checkPlugin(file: string, raw: RawPlugin, modules: ModuleRegistry): LoadedPlugin {
  const fail = (key: string, reason: string): never => {
    throw new PluginFileError(file, key, reason);
  };
  const text = (f: Field | undefined, what: string, fallbackKey: string): string => {
    if (!f) return fail(fallbackKey, `missing: ${what}`);
    if (typeof f.value !== 'string' || f.value.trim() === '')
      return fail(f.key, `expected ${what}`);
    return f.value.trim();
  };
  const seconds = (f: Field | undefined, min: number): number | undefined => {
    if (!f) return undefined;
    const value = typeof f.value === 'string' && f.value.trim() !== '' ? Number(f.value) : f.value;
    if (typeof value !== 'number' || !Number.isFinite(value))
      return fail(f.key, 'expected a number of seconds');
    if (value < min || value > maxFrequency) {
      return fail(f.key, `expected seconds from ${min} to ${maxFrequency}, got ${value}`);
    }
    return value;
  };

  const name = text(raw.name, 'the plugin name', raw.missingKey('name'));
  if (name.length > 128) fail(raw.name!.key, 'at most 128 characters');
  const moduleName = text(raw.module, 'the module name', raw.missingKey('module'));
  const module = modules.get(moduleName);
  if (!module) {
    const known = [...modules.keys()].sort().join(', ') || 'none';
    return fail(raw.module!.key, `unknown module "${moduleName}" (known: ${known})`);
  }
  const kind = module.kind;
  if (raw.kind && raw.kind.value !== kind) {
    fail(raw.kind.key, `module "${moduleName}" is a ${kind} module, not ${String(raw.kind.value)}`);
  }
  const executeFrequency =
    seconds(raw.executeFrequency, 1) ??
    fail(raw.missingKey('execute_frequency'), 'missing: seconds between runs');

  let resourceFilter: string | undefined;
  if (kind === 'discovery') {
    if (raw.resourceFilter)
      fail(raw.resourceFilter.key, 'a discovery plugin runs without resources');
  } else {
    resourceFilter = text(
      raw.resourceFilter,
      'a resource filter',
      raw.missingKey('resource_filter'),
    );
    try {
      compilePredicate(parseFilter(resourceFilter), resourceFields);
    } catch (error) {
      if (error instanceof DslError) fail(raw.resourceFilter!.key, error.message);
      throw error;
    }
  }
  const resultsCacheAge = seconds(raw.resultsCacheAge, 0);
  let enrichmentTtl = seconds(raw.enrichmentTtl, 1);
  if (enrichmentTtl !== undefined && kind !== 'enrichment') {
    fail(raw.enrichmentTtl!.key, 'only an enrichment plugin stores enrichments');
  }
  // Panoptes keeps enrichments a few runs long, so one failed run does not empty them.
  if (kind === 'enrichment') enrichmentTtl ??= 3 * executeFrequency;

  const enrichmentPreload = list(raw.preload, fail).map((spec) => {
    const [scope, namespace, extra] = spec.split(':');
    if (
      scope !== 'self' ||
      !namespace ||
      extra !== undefined ||
      !namespacePattern.test(namespace)
    ) {
      return fail(raw.preload!.key, `"${spec}" is not self:<namespace>`);
    }
    return spec;
  });
  if (enrichmentPreload.length > 0 && kind === 'discovery') {
    fail(raw.preload!.key, 'a discovery plugin has no resource to preload enrichments of');
  }
  const transforms = raw.transforms.flatMap((f) => transformSpecs(f, fail));
  if (transforms.length > 0 && kind !== 'polling') {
    fail(raw.transforms[0]!.key, 'only a polling plugin produces metrics to transform');
  }
  let runAtStart = false;
  if (raw.runAtStart) {
    const value = raw.runAtStart.value;
    if (value === true || value === 'true' || value === 'yes' || value === '1') runAtStart = true;
    else if (!(value === false || value === 'false' || value === 'no' || value === '0')) {
      fail(raw.runAtStart.key, 'expected true or false');
    }
  }
  const sections = checkSections(module, raw, fail);
  const config: PluginConfig = {
    name,
    kind,
    module: moduleName,
    executeFrequency,
    enrichmentPreload,
    transforms,
    sections,
    source: file,
    ...(resourceFilter !== undefined ? { resourceFilter } : {}),
    ...(resultsCacheAge !== undefined ? { resultsCacheAge } : {}),
    ...(enrichmentTtl !== undefined ? { enrichmentTtl } : {}),
  };
  return { config, runAtStart };
}

type Fail = (key: string, reason: string) => never;

/** A list given as a YAML sequence or as comma-separated text (Panoptes), or both at once. */
function list(f: Field | undefined, fail: Fail): string[] {
  if (!f) return [];
  const items = Array.isArray(f.value) ? f.value : typeof f.value === 'string' ? [f.value] : null;
  if (!items) return fail(f.key, 'expected a list or comma-separated text');
  return items
    .flatMap((item) => {
      if (typeof item !== 'string') return fail(f.key, 'expected text items');
      return item.split(',').map((part) => part.trim());
    })
    .filter((item) => item !== '');
}

/**
 * `rate:<group_type>:<metric>` specs. Panoptes writes several metrics of one group after one
 * prefix (`rate:interface:bits_in,bits_out`); each comes out as a spec of its own.
 */
function transformSpecs(f: Field, fail: Fail): string[] {
  const out: string[] = [];
  let prefix: string | null = null;
  for (const item of list(f, fail)) {
    const parts = item.split(':');
    let group: string;
    let metric: string;
    if (parts.length === 3 && parts[0] === 'rate') {
      group = parts[1]!;
      metric = parts[2]!;
      prefix = `rate:${group}`;
    } else if (parts.length === 1 && prefix) {
      group = prefix.slice('rate:'.length);
      metric = parts[0]!;
    } else {
      return fail(f.key, `"${item}" is not rate:<group_type>:<metric>`);
    }
    if (!metricNamePattern.test(group) || !metricNamePattern.test(metric)) {
      return fail(
        f.key,
        `"${item}": group type and metric are a letter or _, then letters, digits or _`,
      );
    }
    out.push(`rate:${group}:${metric}`);
  }
  return out;
}

function checkSections(
  module: PluginModule,
  raw: RawPlugin,
  fail: Fail,
): Record<string, Record<string, unknown>> {
  if (!module.sections) return raw.sections;
  const parsed = (module.sections as z.ZodType).safeParse(raw.sections);
  if (parsed.success) return parsed.data as Record<string, Record<string, unknown>>;
  const issue = parsed.error.issues[0]!;
  const [section, ...path] = issue.path.map(String);
  const key = section ? raw.sectionKey(section, path.join('.') || '') : '(sections)';
  return fail(key.replace(/\.$/, ''), issue.message);
}

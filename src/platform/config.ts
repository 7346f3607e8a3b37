import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { secretReference } from './secrets.js';

/**
 * Every setting Argus reads, with its default. docs/configuration.md documents each one;
 * a test checks that every key here appears there.
 * Precedence: environment variable > argus.yaml > default.
 */
export const settings = {
  port: {
    env: 'ARGUS_PORT',
    yaml: 'port',
    default: 7070,
    schema: z.coerce.number().int().min(0).max(65535),
  },
  host: { env: 'ARGUS_HOST', yaml: 'host', default: '0.0.0.0', schema: z.string().min(1) },
  publicUrl: { env: 'ARGUS_PUBLIC_URL', yaml: 'public_url', default: '', schema: z.string() },
  dataDir: {
    env: 'ARGUS_DATA_DIR',
    yaml: 'data_dir',
    default: './data',
    schema: z.string().min(1),
  },
  databaseUrl: { env: 'ARGUS_DATABASE_URL', yaml: 'database_url', default: '', schema: z.string() },
  databasePoolSize: {
    env: 'ARGUS_DATABASE_POOL_SIZE',
    yaml: 'database_pool_size',
    default: 10,
    schema: z.coerce.number().int().min(1),
  },
  databaseConnectTimeoutSeconds: {
    env: 'ARGUS_DATABASE_CONNECT_TIMEOUT_SECONDS',
    yaml: 'database_connect_timeout_seconds',
    default: 10,
    schema: z.coerce.number().positive(),
  },
  embeddedSharedBuffersMb: {
    env: 'ARGUS_EMBEDDED_SHARED_BUFFERS_MB',
    yaml: 'embedded.shared_buffers_mb',
    default: 16,
    schema: z.coerce.number().int().min(1).max(1024),
  },
  logLevel: {
    env: 'ARGUS_LOG_LEVEL',
    yaml: 'log_level',
    default: 'info',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  publicRead: {
    env: 'ARGUS_PUBLIC_READ',
    yaml: 'public_read',
    default: false,
    schema: z.stringbool().or(z.boolean()),
  },
  metricsPublic: {
    env: 'ARGUS_METRICS_PUBLIC',
    yaml: 'metrics_public',
    default: false,
    schema: z.stringbool().or(z.boolean()),
  },
  sessionTtlHours: {
    env: 'ARGUS_SESSION_TTL_HOURS',
    yaml: 'session_ttl_hours',
    default: 12,
    schema: z.coerce.number().positive(),
  },
  secureCookies: {
    env: 'ARGUS_SECURE_COOKIES',
    yaml: 'secure_cookies',
    default: false,
    schema: z.stringbool().or(z.boolean()),
  },
  maxUploadMb: {
    env: 'ARGUS_MAX_UPLOAD_MB',
    yaml: 'max_upload_mb',
    default: 50,
    schema: z.coerce.number().positive(),
  },
  maxJsonDepth: {
    env: 'ARGUS_MAX_JSON_DEPTH',
    yaml: 'max_json_depth',
    default: 32,
    schema: z.coerce.number().int().min(1).max(1000),
  },
  importMaxInflatedMb: {
    env: 'ARGUS_IMPORT_MAX_INFLATED_MB',
    yaml: 'import.max_inflated_mb',
    default: 200,
    schema: z.coerce.number().positive(),
  },
  importMaxCells: {
    env: 'ARGUS_IMPORT_MAX_CELLS',
    yaml: 'import.max_cells',
    default: 5_000_000,
    schema: z.coerce.number().int().positive(),
  },
  loginRateMax: {
    env: 'ARGUS_LOGIN_RATE_MAX',
    yaml: 'login_rate.max',
    default: 10,
    schema: z.coerce.number().int().min(1),
  },
  loginRateWindowSeconds: {
    env: 'ARGUS_LOGIN_RATE_WINDOW_SECONDS',
    yaml: 'login_rate.window_seconds',
    default: 60,
    schema: z.coerce.number().int().min(1),
  },
  deployGuardPolicyFile: {
    env: 'ARGUS_DEPLOY_GUARD_POLICY_FILE',
    yaml: 'deploy.guard_policy_file',
    default: '',
    schema: z.string(),
  },
  ldapUrl: { env: 'ARGUS_LDAP_URL', yaml: 'ldap.url', default: '', schema: z.string() },
  ldapBindDn: { env: 'ARGUS_LDAP_BIND_DN', yaml: 'ldap.bind_dn', default: '', schema: z.string() },
  ldapBindPassword: {
    env: 'ARGUS_LDAP_BIND_PASSWORD',
    yaml: 'ldap.bind_password',
    default: '',
    schema: z.string(),
  },
  ldapBaseDn: { env: 'ARGUS_LDAP_BASE_DN', yaml: 'ldap.base_dn', default: '', schema: z.string() },
  ldapUserFilter: {
    env: 'ARGUS_LDAP_USER_FILTER',
    yaml: 'ldap.user_filter',
    default: '(objectClass=person)',
    schema: z.string().min(1),
  },
  ldapLoginAttribute: {
    env: 'ARGUS_LDAP_LOGIN_ATTRIBUTE',
    yaml: 'ldap.login_attribute',
    default: 'uid',
    schema: z.string().min(1),
  },
  // Plugins and scheduling (docs/telemetry.md "Plugins", "Scheduling").
  telemetryEnabled: {
    env: 'ARGUS_TELEMETRY_ENABLED',
    yaml: 'telemetry.enabled',
    default: true,
    schema: z.stringbool().or(z.boolean()),
  },
  telemetryPluginsDir: {
    env: 'ARGUS_TELEMETRY_PLUGINS_DIR',
    yaml: 'telemetry.plugins_dir',
    default: '',
    schema: z.string(),
  },
  telemetryDefaultPlugins: {
    env: 'ARGUS_TELEMETRY_DEFAULT_PLUGINS',
    yaml: 'telemetry.default_plugins',
    default: true,
    schema: z.stringbool().or(z.boolean()),
  },
  telemetryWorkerConcurrency: {
    env: 'ARGUS_TELEMETRY_WORKER_CONCURRENCY',
    yaml: 'telemetry.worker_concurrency',
    default: 16,
    schema: z.coerce.number().int().min(1).max(1000),
  },
  telemetryRunsRetentionDays: {
    env: 'ARGUS_TELEMETRY_RUNS_RETENTION_DAYS',
    yaml: 'telemetry.runs_retention_days',
    default: 7,
    schema: z.coerce.number().positive(),
  },
  telemetryRetentionRawHours: {
    env: 'ARGUS_TELEMETRY_RETENTION_RAW_HOURS',
    yaml: 'telemetry.retention.raw_hours',
    default: 48,
    schema: z.coerce.number().positive(),
  },
  telemetryRetention1mDays: {
    env: 'ARGUS_TELEMETRY_RETENTION_1M_DAYS',
    yaml: 'telemetry.retention.rollup_1m_days',
    default: 31,
    schema: z.coerce.number().positive(),
  },
  telemetryRetention1hDays: {
    env: 'ARGUS_TELEMETRY_RETENTION_1H_DAYS',
    yaml: 'telemetry.retention.rollup_1h_days',
    default: 400,
    schema: z.coerce.number().positive(),
  },
  telemetryBusQueueLimit: {
    env: 'ARGUS_TELEMETRY_BUS_QUEUE_LIMIT',
    yaml: 'telemetry.bus.queue_limit',
    default: 50_000,
    schema: z.coerce.number().int().min(1),
  },
  telemetryBusDownAfterSeconds: {
    env: 'ARGUS_TELEMETRY_BUS_DOWN_AFTER_SECONDS',
    yaml: 'telemetry.bus.down_after_seconds',
    default: 300,
    schema: z.coerce.number().positive(),
  },
  // Sinks (docs/telemetry-sinks.md). A URL left empty turns its sink off; tokens are references.
  telemetryInfluxUrl: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_URL',
    yaml: 'telemetry.sinks.influx.url',
    default: '',
    schema: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
  },
  telemetryInfluxDatabase: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_DATABASE',
    yaml: 'telemetry.sinks.influx.database',
    default: 'argus',
    schema: z.string().min(1),
  },
  telemetryInfluxBucket: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_BUCKET',
    yaml: 'telemetry.sinks.influx.bucket',
    default: '',
    schema: z.string(),
  },
  telemetryInfluxOrg: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_ORG',
    yaml: 'telemetry.sinks.influx.org',
    default: '',
    schema: z.string(),
  },
  telemetryInfluxToken: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_TOKEN',
    yaml: 'telemetry.sinks.influx.token',
    default: '',
    schema: z.literal('').or(secretReference),
  },
  telemetryInfluxPrecision: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_PRECISION',
    yaml: 'telemetry.sinks.influx.precision',
    default: 's',
    schema: z.enum(['s', 'ns']),
  },
  telemetryInfluxBatchLines: {
    env: 'ARGUS_TELEMETRY_SINKS_INFLUX_BATCH_LINES',
    yaml: 'telemetry.sinks.influx.batch_lines',
    default: 5000,
    schema: z.coerce.number().int().min(1),
  },
  telemetryRemoteWriteUrl: {
    env: 'ARGUS_TELEMETRY_SINKS_REMOTE_WRITE_URL',
    yaml: 'telemetry.sinks.remote_write.url',
    default: '',
    schema: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
  },
  telemetryRemoteWriteToken: {
    env: 'ARGUS_TELEMETRY_SINKS_REMOTE_WRITE_TOKEN',
    yaml: 'telemetry.sinks.remote_write.token',
    default: '',
    schema: z.literal('').or(secretReference),
  },
  telemetryRemoteWriteBatchSamples: {
    env: 'ARGUS_TELEMETRY_SINKS_REMOTE_WRITE_BATCH_SAMPLES',
    yaml: 'telemetry.sinks.remote_write.batch_samples',
    default: 2000,
    schema: z.coerce.number().int().min(1),
  },
  telemetrySinkTimeoutSeconds: {
    env: 'ARGUS_TELEMETRY_SINKS_TIMEOUT_SECONDS',
    yaml: 'telemetry.sinks.timeout_seconds',
    default: 10,
    schema: z.coerce.number().positive(),
  },
  telemetryExpositionMaxSeries: {
    env: 'ARGUS_TELEMETRY_SINKS_EXPOSITION_MAX_SERIES',
    yaml: 'telemetry.sinks.exposition.max_series',
    default: 100_000,
    schema: z.coerce.number().int().min(1),
  },
} as const;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {}

function readYaml(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const parsed = parseYaml(readFileSync(file, 'utf8')) as unknown;
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file}: expected a mapping of settings`);
  }
  return parsed as Record<string, unknown>;
}

function lookup(tree: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = tree;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Loads the configuration; `overrides` (tests, CLI flags) win over everything. */
export function loadConfig(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = process.env,
  yamlFile = resolve(env.ARGUS_CONFIG ?? 'argus.yaml'),
): Config {
  const yaml = readYaml(yamlFile);
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings)) {
    const fromOverride = (overrides as Record<string, unknown>)[key];
    const fromEnv = env[setting.env];
    const fromYaml = lookup(yaml, setting.yaml);
    const raw =
      fromOverride ??
      (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined) ??
      fromYaml ??
      setting.default;
    const parsed = (setting.schema as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      const source =
        fromOverride !== undefined ? key : fromEnv !== undefined ? setting.env : setting.yaml;
      throw new ConfigError(`setting ${source}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    out[key] = parsed.data;
  }
  return out as Config;
}

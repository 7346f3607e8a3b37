import { z } from 'zod';
import { secretReference } from '../../platform/secrets.js';
import type { PluginContext } from '../plugin.js';
import { PluginFailure, RunStatus } from '../plugin.js';

/**
 * The `snmp` section of a plugin (PRODUCT 6) over the site's defaults (`sites.defaults.snmp`,
 * PRODUCT 5): the plugin's keys win, the site fills the rest, built-in defaults the remainder.
 * Keys are Panoptes' snake_case; values may be strings, as `.panoptes-plugin` ini files give
 * them. The community and the v3 keys are secret references (`env:NAME`, `file:/path`), read
 * through the run's context when a session opens, never held in configuration.
 */

const SECONDS = z.coerce.number().positive().max(300);
const COUNT = (max: number) => z.coerce.number().int().min(0).max(max);

export const AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export const PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const;

const PANOPTES_ONLY = [
  'connection_factory_module',
  'connection_factory_class',
  'non_repeaters',
  'proxy_port',
  'community_string_key',
] as const;

/** One layer (plugin section or site defaults): every key optional, checked where it is written. */
export const snmpSection = z
  .object({
    version: z
      .union([z.enum(['1', '2c', '3']), z.literal(1), z.literal(2), z.literal(3), z.literal('2')])
      .transform((v) => (String(v) === '2' ? '2c' : String(v)) as '1' | '2c' | '3'),
    community: secretReference,
    port: z.coerce.number().int().min(1).max(65535),
    /** Seconds per request attempt. */
    timeout: SECONDS,
    retries: COUNT(10),
    max_repetitions: z.coerce.number().int().min(1).max(200),
    user: z.string().min(1).max(32),
    auth_protocol: z.enum(AUTH_PROTOCOLS),
    auth_key: secretReference,
    priv_protocol: z.enum(PRIV_PROTOCOLS),
    priv_key: secretReference,
    // Panoptes' own keys, accepted so its plugin files load as they are, and not used: Argus has
    // one connection implementation, sends no non-repeaters and reads communities by reference.
    ...Object.fromEntries(PANOPTES_ONLY.map((key) => [key, z.unknown()])),
  })
  .partial()
  .strict();
export type SnmpSection = z.infer<typeof snmpSection>;

export interface SnmpSettings {
  version: '1' | '2c' | '3';
  port: number;
  timeoutMs: number;
  retries: number;
  maxRepetitions: number;
  /** Secret reference; v1 and v2c. */
  community?: string;
  /** v3 USM user; the security level follows from which keys are set. */
  user?: {
    name: string;
    authProtocol: (typeof AUTH_PROTOCOLS)[number];
    authKey?: string;
    privProtocol: (typeof PRIV_PROTOCOLS)[number];
    privKey?: string;
  };
}

export const SNMP_DEFAULTS = {
  version: '2c',
  port: 161,
  timeout: 5,
  retries: 1,
  max_repetitions: 25,
  auth_protocol: 'sha',
  priv_protocol: 'aes',
} as const;

/** A configuration mistake: status 5 (internal failure), the message names the key. */
function misconfigured(message: string): PluginFailure {
  return new PluginFailure(RunStatus.internalFailure, `snmp: ${message}`);
}

function parseLayer(value: unknown, where: string): SnmpSection {
  const parsed = snmpSection.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw misconfigured(`${where}.${issue?.path.join('.') || '?'}: ${issue?.message}`);
}

/** Merges the plugin's section over the site's defaults and checks the result is usable. */
export function resolveSnmpSettings(section: unknown, siteDefaults?: unknown): SnmpSettings {
  const site = parseLayer(siteDefaults, 'site defaults snmp');
  const own = parseLayer(section, 'snmp');
  const s = { ...SNMP_DEFAULTS, ...site, ...own };
  const base = {
    version: s.version,
    port: s.port,
    timeoutMs: Math.round(s.timeout * 1000),
    retries: s.retries,
    maxRepetitions: s.max_repetitions,
  };
  if (s.version !== '3') {
    if (!s.community) throw misconfigured('community (a secret reference) is required for v1/v2c');
    return { ...base, community: s.community };
  }
  if (!s.user) throw misconfigured('user is required for v3');
  if (s.priv_key && !s.auth_key) throw misconfigured('priv_key needs auth_key (authPriv)');
  return {
    ...base,
    user: {
      name: s.user,
      authProtocol: s.auth_protocol,
      authKey: s.auth_key,
      privProtocol: s.priv_protocol,
      privKey: s.priv_key,
    },
  };
}

/** The settings for this run: the plugin's `snmp` section over the site's `snmp` defaults. */
export function settingsFor(ctx: PluginContext): SnmpSettings {
  return resolveSnmpSettings(ctx.config.sections.snmp, ctx.site?.defaults.snmp);
}

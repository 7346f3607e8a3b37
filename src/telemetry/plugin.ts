import type { z } from 'zod';
import type { InventoryResource, PanoptesResourceInput } from '../inventory/contract.js';
import type { MetricGroup } from './metric-group.js';

/**
 * What a plugin is (PRODUCT 6): code (a PluginModule) plus a configuration file (PluginConfig).
 * The runner gives a module a context and turns its result or failure into a run record with a
 * Panoptes status code.
 */

/** Panoptes' status codes, published as the `status` metric group. */
export const RunStatus = {
  success: 0,
  authFailure: 1,
  networkFailure: 2,
  timeout: 3,
  partial: 4,
  internalFailure: 5,
  missingMetrics: 6,
  pingFailure: 7,
  enrichmentFailure: 8,
} as const;
export type RunStatusCode = (typeof RunStatus)[keyof typeof RunStatus];

/** A failure a plugin knows the kind of: the runner records its status code and message. */
export class PluginFailure extends Error {
  constructor(
    readonly status: RunStatusCode,
    message: string,
  ) {
    super(message);
    this.name = 'PluginFailure';
  }
}

export type PluginKind = 'discovery' | 'enrichment' | 'polling';

/** A plugin's configuration file, parsed and checked (YAML, or Panoptes' `.panoptes-plugin` ini). */
export interface PluginConfig {
  /** Unique; the schedule and the runs are keyed by it. */
  name: string;
  kind: PluginKind;
  /** The module that runs it: a built-in name (`snmp-interfaces`, `host`, ...). */
  module: string;
  /** Seconds between runs per resource. */
  executeFrequency: number;
  /** DSL over resource fields: which resources a polling or enrichment plugin runs for. */
  resourceFilter?: string;
  /** Seconds a polling result may be reused (Panoptes' results_cache_age). */
  resultsCacheAge?: number;
  /** Seconds an enrichment stays valid. */
  enrichmentTtl?: number;
  /** Enrichments loaded before a run: `self:interface` = this resource's `interface` namespace. */
  enrichmentPreload: string[];
  /** `rate:<group_type>:<metric>` specs, applied in order. */
  transforms: string[];
  /** Plugin-specific sections as written (`snmp`: version, community, ...), checked by the module. */
  sections: Record<string, Record<string, unknown>>;
  /** The file it came from, for errors. */
  source: string;
}

export interface PluginLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** A site as a run sees it: its defaults (SNMP, SSH) lie under the plugin's own sections. */
export interface PluginSite {
  name: string;
  defaults: Record<string, unknown>;
}

export interface PluginContext {
  config: PluginConfig;
  /** The resource's site, when one is defined under that name. */
  site?: PluginSite;
  /** The resource a polling or enrichment run is for; absent for discovery. */
  resource?: InventoryResource;
  /** Enrichments by namespace, as `enrichmentPreload` asked. */
  enrichments: Record<string, Record<string, unknown>>;
  /** Aborted when the run passes 1.25x its frequency: stop and return. */
  signal: AbortSignal;
  /** Reads a secret reference (`env:NAME`, `file:/path`); never log what it returns. */
  secret(reference: string): Promise<string>;
  log: PluginLogger;
  /** Seconds since the epoch (injectable in tests). */
  now(): number;
}

export interface DiscoveryOutput {
  resources: PanoptesResourceInput[];
}
export interface EnrichmentOutput {
  /** namespace -> data; each is stored with the plugin's enrichment TTL. */
  enrichments: Record<string, Record<string, unknown>>;
}
export interface PollingOutput {
  groups: MetricGroup[];
  /** Set when only part of the data came back (status 4). */
  partial?: string;
}

interface ModuleBase<K extends PluginKind, O> {
  kind: K;
  /** The name configurations use in `module:`. */
  name: string;
  /** Checks the module's own sections of a configuration; errors name the key. */
  sections?: z.ZodType;
  run(context: PluginContext): Promise<O>;
}
export type DiscoveryModule = ModuleBase<'discovery', DiscoveryOutput>;
export type EnrichmentModule = ModuleBase<'enrichment', EnrichmentOutput>;
export type PollingModule = ModuleBase<'polling', PollingOutput>;
export type PluginModule = DiscoveryModule | EnrichmentModule | PollingModule;

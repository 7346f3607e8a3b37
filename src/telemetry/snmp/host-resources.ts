import { z } from 'zod';
import { busResourceOf, type Dimension, type Metric, type MetricGroup } from '../metric-group.js';
import {
  type PluginContext,
  PluginFailure,
  type PollingModule,
  type PollingOutput,
  RunStatus,
} from '../plugin.js';
import { HR, HR_STORAGE_TYPES } from './oids.js';
import { withSnmpSession } from './session.js';
import { settingsFor, snmpSection } from './settings.js';
import type { Table } from './table.js';
import { toNumber, toText } from './values.js';

/**
 * `snmp-host`: HOST-RESOURCES-MIB polled as three group types:
 * - `cpu`: hrProcessorLoad per processor (dimension cpu_no: its position, 0..n-1) and their
 *   average (cpu_no `all`); metric cpu_utilization, percent (the agent's one-minute average);
 * - `memory`: hrStorageTable rows of type ram, virtualMemory and other (Net-SNMP lists buffers,
 *   cache and shared memory as other), dimensions memory_type and memory_name;
 * - `storage`: the disk types (fixedDisk, removableDisk, networkDisk, flashMemory, ramDisk...),
 *   dimensions storage_type and storage_name (the mount point on Net-SNMP).
 * Sizes are bytes: the table's counts of allocation units times hrStorageAllocationUnits.
 */

/** hrStorageTypes by their last sub-identifier (RFC 2790). */
const STORAGE_TYPE_NAMES: Readonly<Record<string, string>> = {
  1: 'other',
  2: 'ram',
  3: 'virtual_memory',
  4: 'fixed_disk',
  5: 'removable_disk',
  6: 'floppy_disk',
  7: 'compact_disc',
  8: 'ram_disk',
  9: 'flash_memory',
  10: 'network_disk',
};
const MEMORY_TYPES = new Set(['other', 'ram', 'virtual_memory']);

function group(
  type: string,
  dimensions: Record<string, string>,
  metrics: Record<string, number>,
  base: Omit<MetricGroup, 'metrics_group_type' | 'dimensions' | 'metrics'>,
  at: number,
): MetricGroup {
  const dims: Dimension[] = Object.entries(dimensions).map(([dimension_name, v]) => ({
    dimension_name,
    dimension_value: v.slice(0, 1024),
  }));
  const list: Metric[] = Object.entries(metrics).map(([metric_name, metric_value]) => ({
    metric_name,
    metric_value,
    metric_type: 'gauge',
    metric_creation_timestamp: at,
  }));
  return { ...base, metrics_group_type: type, dimensions: dims, metrics: list };
}

type Base = Parameters<typeof group>[3];

export function cpuGroups(processors: Table, base: Base, at: number): MetricGroup[] {
  const loads = [...processors.values()]
    .map((row) => toNumber(row.get(HR.hrProcessorLoad)))
    .filter((v): v is number => v !== undefined);
  if (loads.length === 0) return [];
  const out = loads.map((load, i) =>
    group('cpu', { cpu_no: String(i) }, { cpu_utilization: load }, base, at),
  );
  const average = loads.reduce((a, b) => a + b, 0) / loads.length;
  out.push(group('cpu', { cpu_no: 'all' }, { cpu_utilization: average }, base, at));
  return out;
}

export function storageGroups(storage: Table, base: Base, at: number): MetricGroup[] {
  const out: MetricGroup[] = [];
  for (const row of storage.values()) {
    const typeOid = String(row.get(HR.hrStorageType) ?? '');
    const kind = typeOid.startsWith(`${HR_STORAGE_TYPES}.`)
      ? (STORAGE_TYPE_NAMES[typeOid.slice(HR_STORAGE_TYPES.length + 1)] ?? 'other')
      : 'other';
    const unit = toNumber(row.get(HR.hrStorageAllocationUnits));
    const size = toNumber(row.get(HR.hrStorageSize));
    const used = toNumber(row.get(HR.hrStorageUsed));
    if (!unit || size === undefined || used === undefined) continue;
    const name = toText(row.get(HR.hrStorageDescr)) ?? '';
    const memory = MEMORY_TYPES.has(kind);
    out.push(
      group(
        memory ? 'memory' : 'storage',
        memory
          ? { memory_type: kind, memory_name: name }
          : { storage_type: kind, storage_name: name },
        memory
          ? { memory_total: size * unit, memory_used: used * unit }
          : { storage_total: size * unit, storage_used: used * unit },
        base,
        at,
      ),
    );
  }
  return out;
}

export const snmpHost: PollingModule = {
  kind: 'polling',
  name: 'snmp-host',
  sections: z.object({ snmp: snmpSection.optional() }),
  async run(ctx: PluginContext): Promise<PollingOutput> {
    const resource = ctx.resource;
    if (!resource) throw new PluginFailure(RunStatus.internalFailure, 'polling needs a resource');
    const host = resource.resource_endpoint;
    const { processors, storage } = await withSnmpSession(
      settingsFor(ctx),
      host,
      ctx.secret,
      ctx.signal,
      async (c) => ({
        processors: await c.table([HR.hrProcessorLoad]),
        storage: await c.table([
          HR.hrStorageType,
          HR.hrStorageDescr,
          HR.hrStorageAllocationUnits,
          HR.hrStorageSize,
          HR.hrStorageUsed,
        ]),
      }),
    );
    const at = ctx.now();
    const base = {
      resource: busResourceOf(resource),
      metrics_group_interval: ctx.config.executeFrequency,
      metrics_group_creation_timestamp: at,
      metrics_group_schema_version: '0.2' as const,
    };
    const cpu = cpuGroups(processors, base, at);
    const rest = storageGroups(storage, base, at);
    const groups = [...cpu, ...rest];
    if (groups.length === 0)
      throw new PluginFailure(RunStatus.missingMetrics, `snmp ${host}: no HOST-RESOURCES-MIB data`);
    const missing = [
      cpu.length === 0 && 'hrProcessorTable',
      rest.length === 0 && 'hrStorageTable',
    ].filter(Boolean);
    return missing.length > 0 ? { groups, partial: `${missing.join(', ')} empty` } : { groups };
  },
};

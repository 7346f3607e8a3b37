import { z } from 'zod';
import { busResourceOf, type Dimension, type Metric, type MetricGroup } from '../metric-group.js';
import {
  type PluginContext,
  PluginFailure,
  type PollingModule,
  type PollingOutput,
  RunStatus,
} from '../plugin.js';
import {
  DESCRIPTION_COLUMNS,
  describeInterface,
  type InterfaceDescription,
  interfaceTable,
} from './interfaces.js';
import { IF } from './oids.js';
import { withSnmpSession } from './session.js';
import { settingsFor, snmpSection } from './settings.js';
import { toBigInt, toNumber } from './values.js';

/**
 * `snmp-interfaces`: one `interface` metric group per ifIndex with Panoptes' metric names and
 * dimensions (its plugin_polling_device_interface_metrics): counters bits_in/out (octets x 8),
 * unicast/multicast/broadcast/total_packets_in/out, errors_in/out, discards_in/out; gauges
 * admin_state, oper_state, mtu, configured_speed. Dimensions come from the preloaded `interface`
 * enrichment; interfaces it does not know are described from the same walk.
 *
 * Counter width: the 64-bit HC counters (ifXTable) are used when the agent has them for that
 * interface, else the 32-bit ifTable ones (v1 agents, old devices). The group's `counter_width`
 * dimension says which ("64" or "32"), so a wrap can be told from a reset: bits_* wrap at
 * 8 x 2^width. Unlike Panoptes, a counter the agent lacks is left out, not published as -1.
 */

const COUNTER_COLUMNS = [
  IF.ifAdminStatus,
  IF.ifOperStatus,
  IF.ifMtu,
  IF.ifInOctets,
  IF.ifOutOctets,
  IF.ifInUcastPkts,
  IF.ifOutUcastPkts,
  IF.ifInDiscards,
  IF.ifOutDiscards,
  IF.ifInErrors,
  IF.ifOutErrors,
  IF.ifInMulticastPkts,
  IF.ifOutMulticastPkts,
  IF.ifInBroadcastPkts,
  IF.ifOutBroadcastPkts,
  IF.ifHCInOctets,
  IF.ifHCOutOctets,
  IF.ifHCInUcastPkts,
  IF.ifHCOutUcastPkts,
  IF.ifHCInMulticastPkts,
  IF.ifHCOutMulticastPkts,
  IF.ifHCInBroadcastPkts,
  IF.ifHCOutBroadcastPkts,
] as const;

/** Both sets, each column once (ifMtu is in both). */
const WALK_WITH_DESCRIPTIONS = [...new Set([...COUNTER_COLUMNS, ...DESCRIPTION_COLUMNS])];

/** Each packet counter: its HC column and the 32-bit one used when HC is absent. */
const PACKETS = {
  unicast_packets_in: [IF.ifHCInUcastPkts, IF.ifInUcastPkts],
  unicast_packets_out: [IF.ifHCOutUcastPkts, IF.ifOutUcastPkts],
  multicast_packets_in: [IF.ifHCInMulticastPkts, IF.ifInMulticastPkts],
  multicast_packets_out: [IF.ifHCOutMulticastPkts, IF.ifOutMulticastPkts],
  broadcast_packets_in: [IF.ifHCInBroadcastPkts, IF.ifInBroadcastPkts],
  broadcast_packets_out: [IF.ifHCOutBroadcastPkts, IF.ifOutBroadcastPkts],
} as const;

const PLAIN_COUNTERS = {
  errors_in: IF.ifInErrors,
  errors_out: IF.ifOutErrors,
  discards_in: IF.ifInDiscards,
  discards_out: IF.ifOutDiscards,
} as const;

const GAUGES = { admin_state: IF.ifAdminStatus, oper_state: IF.ifOperStatus } as const;

/** Enrichment data is stored JSON: take an entry only if it has the fields dimensions need. */
function preloaded(data: unknown): InterfaceDescription | undefined {
  const d = data as Partial<InterfaceDescription> | undefined;
  return d && typeof d.interface_name === 'string' ? (d as InterfaceDescription) : undefined;
}

const DIMENSION_VALUE_MAX = 1024;

function dimensionsOf(d: InterfaceDescription, width: 32 | 64): Dimension[] {
  const value = (v: string | number) => String(v).slice(0, DIMENSION_VALUE_MAX);
  return [
    { dimension_name: 'interface_name', dimension_value: value(d.interface_name) },
    { dimension_name: 'alias', dimension_value: value(d.alias) },
    { dimension_name: 'media_type', dimension_value: value(d.media_type) },
    { dimension_name: 'description', dimension_value: value(d.description) },
    { dimension_name: 'configured_speed', dimension_value: value(d.configured_speed) },
    { dimension_name: 'port_speed', dimension_value: value(d.port_speed) },
    { dimension_name: 'counter_width', dimension_value: String(width) },
  ];
}

/** The metrics of one ifTable/ifXTable row; `at` is when the agent's answer arrived. */
export function interfaceMetrics(
  row: ReadonlyMap<string, unknown>,
  description: InterfaceDescription,
  at: number,
): { metrics: Metric[]; width: 32 | 64 } {
  const metrics: Metric[] = [];
  const add = (name: string, value: number | bigint | undefined, type: Metric['metric_type']) => {
    if (value === undefined) return;
    metrics.push({
      metric_name: name,
      metric_value: Number(value),
      metric_type: type,
      metric_creation_timestamp: at,
    });
  };
  const hc = row.has(IF.ifHCInOctets) && row.has(IF.ifHCOutOctets);
  const octetsIn = toBigInt(row.get(hc ? IF.ifHCInOctets : IF.ifInOctets));
  const octetsOut = toBigInt(row.get(hc ? IF.ifHCOutOctets : IF.ifOutOctets));
  // x 8 in bigint: a 64-bit octet count times 8 overflows 2^64 and loses nothing until Number().
  add('bits_in', octetsIn === undefined ? undefined : octetsIn * 8n, 'counter');
  add('bits_out', octetsOut === undefined ? undefined : octetsOut * 8n, 'counter');

  const packets: Record<string, bigint | undefined> = {};
  for (const [name, [hcColumn, column]] of Object.entries(PACKETS)) {
    packets[name] = toBigInt(row.get(hcColumn)) ?? toBigInt(row.get(column));
    add(name, packets[name], 'counter');
  }
  for (const direction of ['in', 'out'] as const) {
    const parts = ['unicast', 'multicast', 'broadcast'].map(
      (k) => packets[`${k}_packets_${direction}`],
    );
    if (parts.every((p) => p !== undefined))
      add(
        `total_packets_${direction}`,
        parts.reduce((a: bigint, b) => a + (b ?? 0n), 0n),
        'counter',
      );
  }
  for (const [name, column] of Object.entries(PLAIN_COUNTERS))
    add(name, toNumber(row.get(column)), 'counter');
  for (const [name, column] of Object.entries(GAUGES))
    add(name, toNumber(row.get(column)), 'gauge');
  add('mtu', toNumber(row.get(IF.ifMtu)) ?? description.mtu, 'gauge');
  add('configured_speed', description.configured_speed, 'gauge');
  return { metrics, width: hc ? 64 : 32 };
}

export const snmpInterfaces: PollingModule = {
  kind: 'polling',
  name: 'snmp-interfaces',
  sections: z.object({ snmp: snmpSection.optional() }),
  async run(ctx: PluginContext): Promise<PollingOutput> {
    const resource = ctx.resource;
    if (!resource) throw new PluginFailure(RunStatus.internalFailure, 'polling needs a resource');
    const known = ctx.enrichments.interface ?? {};
    // Without a usable enrichment the descriptive columns ride along in the same walk.
    const complete = Object.keys(known).length > 0;
    const columns = complete ? COUNTER_COLUMNS : WALK_WITH_DESCRIPTIONS;
    const host = resource.resource_endpoint;
    const table = await withSnmpSession(settingsFor(ctx), host, ctx.secret, ctx.signal, (c) =>
      interfaceTable(c, columns),
    );
    const at = ctx.now();
    const groups: MetricGroup[] = [];
    let undescribed = 0;
    for (const [index, row] of table) {
      const description =
        preloaded(known[index]) ?? (complete ? undefined : describeInterface(row));
      if (!description) {
        // An interface added since the enrichment ran: it joins at the next enrichment.
        undescribed++;
        continue;
      }
      const { metrics, width } = interfaceMetrics(row, description, at);
      groups.push({
        resource: busResourceOf(resource),
        metrics_group_type: 'interface',
        metrics_group_interval: ctx.config.executeFrequency,
        metrics_group_creation_timestamp: at,
        metrics_group_schema_version: '0.2',
        dimensions: dimensionsOf(description, width),
        metrics,
      });
    }
    if (groups.length === 0)
      throw new PluginFailure(RunStatus.missingMetrics, `snmp ${host}: no interface rows`);
    return undescribed > 0
      ? { groups, partial: `${undescribed} interface(s) not in the interface enrichment yet` }
      : { groups };
  },
};

import { IF, IF_NUMBER, IF_TYPE_NAMES } from './oids.js';
import type { SnmpClient } from './session.js';
import type { Table } from './table.js';
import { toNumber, toPhysAddress, toText } from './values.js';

/**
 * What an interface is (the `interface` enrichment namespace, keyed by ifIndex): the slow-changing
 * part of IF-MIB that polling turns into Panoptes' interface dimensions.
 */
export interface InterfaceDescription {
  /** ifName, else ifDescr (v1 agents have no ifXTable). */
  interface_name: string;
  alias: string;
  description: string;
  /** The IANAifType name (`ethernetCsmacd`), or its number when not in our list. */
  media_type: string;
  if_type: number;
  /** Bits per second: ifHighSpeed x 10^6 when the agent has it (ifSpeed tops out at 4.29 Gb/s). */
  port_speed: number;
  /** The speed the interface is set to; IF-MIB knows one speed, so it equals port_speed. */
  configured_speed: number;
  physical_address: string;
  mtu: number;
}

/** The columns describeInterfaces reads. */
export const DESCRIPTION_COLUMNS = [
  IF.ifDescr,
  IF.ifType,
  IF.ifMtu,
  IF.ifSpeed,
  IF.ifPhysAddress,
  IF.ifName,
  IF.ifHighSpeed,
  IF.ifAlias,
] as const;

export function describeInterface(row: ReadonlyMap<string, unknown>): InterfaceDescription {
  const description = toText(row.get(IF.ifDescr)) ?? '';
  const type = toNumber(row.get(IF.ifType)) ?? 0;
  const high = toNumber(row.get(IF.ifHighSpeed));
  const speed = high !== undefined && high > 0 ? high * 1e6 : (toNumber(row.get(IF.ifSpeed)) ?? 0);
  return {
    interface_name: toText(row.get(IF.ifName)) || description,
    alias: toText(row.get(IF.ifAlias)) ?? '',
    description,
    media_type: IF_TYPE_NAMES[type] ?? String(type),
    if_type: type,
    port_speed: speed,
    configured_speed: speed,
    physical_address: toPhysAddress(row.get(IF.ifPhysAddress)),
    mtu: toNumber(row.get(IF.ifMtu)) ?? 0,
  };
}

/** Every row of a walked table described, by ifIndex. */
export function describeInterfaces(table: Table): Record<string, InterfaceDescription> {
  const out: Record<string, InterfaceDescription> = {};
  for (const [index, row] of table) out[index] = describeInterface(row);
  return out;
}

/** The interface table's columns, with ifNumber (one GET) sizing the GETBULKs to the table. */
export async function interfaceTable(
  client: SnmpClient,
  columns: readonly string[],
): Promise<Table> {
  const count = toNumber((await client.get([IF_NUMBER])).get(IF_NUMBER));
  return client.table(columns, count);
}

import snmp, { type Agent, type TableColumn } from 'net-snmp';
import { freeUdpPort } from './snmpd.js';

/**
 * A controllable SNMP agent: net-snmp's in-process Agent over real UDP, serving system scalars
 * and IF-MIB ifTable/ifXTable rows whose counters the test sets step by step (wraps, resets).
 * `hc: false` leaves ifXTable out, as a v1-era device has it: 32-bit counters only.
 * Every request answered is counted, so a test can tell which addresses were contacted.
 */

export const AGENT_COMMUNITY = 'agent-ro';
export const AGENT_SYS_DESCR = 'Argus test agent (net-snmp Agent)';
/** An enterprise OID under no vendor rule: the agent classifies as the generic fallback. */
export const AGENT_SYS_OBJECT_ID = '1.3.6.1.4.1.99999.1';

export interface AgentInterface {
  index: number;
  name: string;
  alias?: string;
  type?: number;
  speedMbps?: number;
  mtu?: number;
}

/** Counter values as the test sets them; octets/packets are 64-bit when hc, else 32-bit. */
export interface AgentCounters {
  inOctets: bigint;
  outOctets: bigint;
  inUcast: bigint;
  outUcast: bigint;
}

export interface SnmpAgent {
  port: number;
  address: string;
  /** Requests received so far, answered or refused (a wrong community). */
  readonly requests: number;
  setCounters(index: number, counters: Partial<AgentCounters>): void;
  setOperStatus(index: number, status: 1 | 2): void;
  close(): Promise<void>;
}

const RO = snmp.MaxAccess['read-only'] as number;
const T = snmp.ObjectType;
const column = (number: number, name: string, type: number): TableColumn => ({
  number,
  name,
  type,
  maxAccess: RO,
});

/** ifTable columns served (numbers as in IF-MIB); the index column is first. */
const IF_COLUMNS = [
  column(1, 'ifIndex', T.Integer),
  column(2, 'ifDescr', T.OctetString),
  column(3, 'ifType', T.Integer),
  column(4, 'ifMtu', T.Integer),
  column(5, 'ifSpeed', T.Gauge),
  column(6, 'ifPhysAddress', T.OctetString),
  column(7, 'ifAdminStatus', T.Integer),
  column(8, 'ifOperStatus', T.Integer),
  column(10, 'ifInOctets', T.Counter),
  column(11, 'ifInUcastPkts', T.Counter),
  column(13, 'ifInDiscards', T.Counter),
  column(14, 'ifInErrors', T.Counter),
  column(16, 'ifOutOctets', T.Counter),
  column(17, 'ifOutUcastPkts', T.Counter),
  column(19, 'ifOutDiscards', T.Counter),
  column(20, 'ifOutErrors', T.Counter),
];
const IFX_COLUMNS = [
  column(1, 'ifName', T.OctetString),
  column(2, 'ifInMulticastPkts', T.Counter),
  column(3, 'ifInBroadcastPkts', T.Counter),
  column(4, 'ifOutMulticastPkts', T.Counter),
  column(5, 'ifOutBroadcastPkts', T.Counter),
  column(6, 'ifHCInOctets', T.Counter64),
  column(7, 'ifHCInUcastPkts', T.Counter64),
  column(8, 'ifHCInMulticastPkts', T.Counter64),
  column(9, 'ifHCInBroadcastPkts', T.Counter64),
  column(10, 'ifHCOutOctets', T.Counter64),
  column(11, 'ifHCOutUcastPkts', T.Counter64),
  column(12, 'ifHCOutMulticastPkts', T.Counter64),
  column(13, 'ifHCOutBroadcastPkts', T.Counter64),
  column(15, 'ifHighSpeed', T.Gauge),
  column(18, 'ifAlias', T.OctetString),
];

/** A Counter64 as the agent writes it: the 8 big-endian bytes. */
export function counter64(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt.asUintN(64, value));
  return b;
}

const counter32 = (value: bigint) => Number(BigInt.asUintN(32, value));

function scalar(agent: Agent, name: string, oid: string, type: number, value: unknown) {
  const mib = agent.getMib();
  mib.registerProvider({
    name,
    type: snmp.MibProviderType.Scalar,
    oid,
    scalarType: type,
    maxAccess: RO,
  });
  mib.setScalarValue(name, value);
}

export interface AgentOptions {
  interfaces: AgentInterface[];
  /** Serve ifXTable (HC counters, ifName, ifHighSpeed, ifAlias). Default true. */
  hc?: boolean;
  address?: string;
  port?: number;
  sysName?: string;
}

export async function startSnmpAgent(options: AgentOptions): Promise<SnmpAgent> {
  const address = options.address ?? '127.0.0.1';
  const port = options.port ?? (await freeUdpPort());
  const hc = options.hc ?? true;
  let requests = 0;
  // The callback hears of every request: answered (data) or refused (an error); both count.
  const agent = snmp.createAgent({ port, address, disableAuthorization: false }, () => {
    requests++;
  });
  agent.getAuthorizer().addCommunity(AGENT_COMMUNITY);
  scalar(agent, 'sysDescr', '1.3.6.1.2.1.1.1', T.OctetString, AGENT_SYS_DESCR);
  scalar(agent, 'sysObjectID', '1.3.6.1.2.1.1.2', T.OID, AGENT_SYS_OBJECT_ID);
  scalar(agent, 'sysName', '1.3.6.1.2.1.1.5', T.OctetString, options.sysName ?? 'test-agent');

  scalar(agent, 'ifNumber', '1.3.6.1.2.1.2.1', T.Integer, options.interfaces.length);
  const mib = agent.getMib();
  const entry = { type: snmp.MibProviderType.Table, maxAccess: snmp.MaxAccess['not-accessible'] };
  mib.registerProvider({
    ...entry,
    name: 'ifTable',
    oid: '1.3.6.1.2.1.2.2.1',
    tableColumns: IF_COLUMNS,
    tableIndex: [{ columnName: 'ifIndex' }],
  });
  if (hc)
    mib.registerProvider({
      ...entry,
      name: 'ifXTable',
      oid: '1.3.6.1.2.1.31.1.1.1',
      tableColumns: IFX_COLUMNS,
      tableAugments: 'ifTable',
    });
  for (const i of options.interfaces) {
    const mbps = i.speedMbps ?? 1000;
    mib.addTableRow('ifTable', [
      i.index,
      i.name,
      i.type ?? 6,
      i.mtu ?? 1500,
      Math.min(mbps * 1e6, 2 ** 32 - 1),
      Buffer.from([0x02, 0, 0, 0, 0, i.index % 256]),
      1,
      1,
      ...[0, 0, 0, 0, 0, 0, 0, 0],
    ]);
    if (hc)
      mib.addTableRow('ifXTable', [
        i.index,
        i.name,
        ...[0, 0, 0, 0],
        ...Array.from({ length: 8 }, () => counter64(0n)),
        mbps,
        i.alias ?? '',
      ]);
  }

  const set = (table: string, columnNumber: number, index: number, value: unknown) =>
    mib.setTableSingleCell(table, columnNumber, [index], value);
  return {
    port,
    address,
    get requests() {
      return requests;
    },
    setCounters(index, c) {
      const pairs: [bigint | undefined, number, number][] = [
        [c.inOctets, 10, 6],
        [c.inUcast, 11, 7],
        [c.outOctets, 16, 10],
        [c.outUcast, 17, 11],
      ];
      for (const [value, ifColumn, hcColumn] of pairs) {
        if (value === undefined) continue;
        set('ifTable', ifColumn, index, counter32(value));
        if (hc) set('ifXTable', hcColumn, index, counter64(value));
      }
    },
    setOperStatus(index, status) {
      set('ifTable', 8, index, status);
    },
    close: () => new Promise<void>((resolve) => agent.close(() => resolve())),
  };
}

/**
 * The OIDs the SNMP plugins read, by their MIB names (RFC 1213 system, RFC 2863 IF-MIB, RFC 2790
 * HOST-RESOURCES-MIB). Columns are given without the row index.
 */

export const SYSTEM = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysName: '1.3.6.1.2.1.1.5.0',
} as const;

/** IF-MIB ifNumber: how many rows ifTable has. */
export const IF_NUMBER = '1.3.6.1.2.1.2.1.0';

const ifEntry = (n: number) => `1.3.6.1.2.1.2.2.1.${n}`;
const ifXEntry = (n: number) => `1.3.6.1.2.1.31.1.1.1.${n}`;

export const IF = {
  ifDescr: ifEntry(2),
  ifType: ifEntry(3),
  ifMtu: ifEntry(4),
  ifSpeed: ifEntry(5),
  ifPhysAddress: ifEntry(6),
  ifAdminStatus: ifEntry(7),
  ifOperStatus: ifEntry(8),
  ifInOctets: ifEntry(10),
  ifInUcastPkts: ifEntry(11),
  ifInDiscards: ifEntry(13),
  ifInErrors: ifEntry(14),
  ifOutOctets: ifEntry(16),
  ifOutUcastPkts: ifEntry(17),
  ifOutDiscards: ifEntry(19),
  ifOutErrors: ifEntry(20),
  ifName: ifXEntry(1),
  ifInMulticastPkts: ifXEntry(2),
  ifInBroadcastPkts: ifXEntry(3),
  ifOutMulticastPkts: ifXEntry(4),
  ifOutBroadcastPkts: ifXEntry(5),
  ifHCInOctets: ifXEntry(6),
  ifHCInUcastPkts: ifXEntry(7),
  ifHCInMulticastPkts: ifXEntry(8),
  ifHCInBroadcastPkts: ifXEntry(9),
  ifHCOutOctets: ifXEntry(10),
  ifHCOutUcastPkts: ifXEntry(11),
  ifHCOutMulticastPkts: ifXEntry(12),
  ifHCOutBroadcastPkts: ifXEntry(13),
  ifHighSpeed: ifXEntry(15),
  ifAlias: ifXEntry(18),
} as const;

/** The tables themselves, for walks that take them whole (the benchmark's snmpbulkwalk). */
export const IF_TABLE = '1.3.6.1.2.1.2.2';
export const IFX_TABLE = '1.3.6.1.2.1.31.1.1';

export const HR = {
  hrStorageType: '1.3.6.1.2.1.25.2.3.1.2',
  hrStorageDescr: '1.3.6.1.2.1.25.2.3.1.3',
  hrStorageAllocationUnits: '1.3.6.1.2.1.25.2.3.1.4',
  hrStorageSize: '1.3.6.1.2.1.25.2.3.1.5',
  hrStorageUsed: '1.3.6.1.2.1.25.2.3.1.6',
  hrProcessorLoad: '1.3.6.1.2.1.25.3.3.1.2',
} as const;

/** hrStorageTypes (HOST-RESOURCES-TYPES): the last sub-identifier names the kind. */
export const HR_STORAGE_TYPES = '1.3.6.1.2.1.25.2.1';

/** IANAifType names for the media_type dimension; others are given by number. */
export const IF_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'other',
  6: 'ethernetCsmacd',
  23: 'ppp',
  24: 'softwareLoopback',
  53: 'propVirtual',
  62: 'fastEther',
  71: 'ieee80211',
  117: 'gigabitEthernet',
  131: 'tunnel',
  135: 'l2vlan',
  136: 'l3ipvlan',
  161: 'ieee8023adLag',
  166: 'mpls',
  209: 'bridge',
};

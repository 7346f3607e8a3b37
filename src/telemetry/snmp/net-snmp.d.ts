/**
 * The part of net-snmp (which ships no types) that Argus uses: manager sessions for the SNMP
 * plugins and the in-process agent for the tests' controllable agent. Kept to what is called, so
 * a wrong call is a type error rather than `any`.
 */
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  export const Version1: 0;
  export const Version2c: 1;
  export const Version3: 3;
  export const ObjectType: Record<string, number> & {
    Integer: number;
    OctetString: number;
    OID: number;
    Counter: number;
    Gauge: number;
    TimeTicks: number;
    Counter64: number;
    NoSuchObject: number;
    NoSuchInstance: number;
    EndOfMibView: number;
  };
  export const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  export const AuthProtocols: Record<string, number>;
  export const PrivProtocols: Record<string, number>;
  export const MibProviderType: { Scalar: number; Table: number };
  export const MaxAccess: Record<string, number>;
  export const ResponseInvalidCode: Record<string, number>;

  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }
  export function isVarbindError(varbind: Varbind): boolean;
  export function varbindError(varbind: Varbind): string;

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    version?: 0 | 1 | 3;
    transport?: 'udp4' | 'udp6';
    idBitsSize?: 16 | 32;
    backoff?: number;
  }
  export interface User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }
  type Callback<T> = (error: Error | null, result: T) => void;
  export interface Session extends EventEmitter {
    get(oids: string[], callback: Callback<Varbind[]>): Session;
    getNext(oids: string[], callback: Callback<Varbind[]>): Session;
    getBulk(
      oids: string[],
      nonRepeaters: number,
      maxRepetitions: number,
      callback: Callback<(Varbind | Varbind[])[]>,
    ): Session;
    close(): void;
  }
  export function createSession(
    target: string,
    community: string,
    options?: SessionOptions,
  ): Session;
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session;

  export class RequestTimedOutError extends Error {}
  export class RequestFailedError extends Error {}
  export class ResponseInvalidError extends Error {
    code: number;
  }

  export interface TableColumn {
    number: number;
    name: string;
    type: number;
    maxAccess: number;
  }
  export interface MibProvider {
    name: string;
    type: number;
    oid: string;
    maxAccess?: number;
    scalarType?: number;
    tableColumns?: TableColumn[];
    tableIndex?: { columnName: string }[];
    tableAugments?: string;
  }
  export interface Mib {
    registerProvider(provider: MibProvider): void;
    setScalarValue(name: string, value: unknown): void;
    addTableRow(table: string, row: unknown[]): void;
    setTableSingleCell(table: string, column: number, rowIndex: unknown[], value: unknown): void;
    deleteTableRow(table: string, rowIndex: unknown[]): void;
  }
  export interface Authorizer {
    addCommunity(community: string): void;
    addUser(user: User): void;
  }
  export interface AgentOptions {
    port?: number;
    address?: string | null;
    transport?: 'udp4' | 'udp6';
    disableAuthorization?: boolean;
    engineID?: string;
  }
  export interface Agent {
    getMib(): Mib;
    getAuthorizer(): Authorizer;
    close(callback?: () => void): void;
  }
  export function createAgent(
    options: AgentOptions,
    callback: (error: Error | null, data: unknown) => void,
  ): Agent;

  const snmp: {
    Version1: typeof Version1;
    Version2c: typeof Version2c;
    Version3: typeof Version3;
    ObjectType: typeof ObjectType;
    SecurityLevel: typeof SecurityLevel;
    AuthProtocols: typeof AuthProtocols;
    PrivProtocols: typeof PrivProtocols;
    MibProviderType: typeof MibProviderType;
    MaxAccess: typeof MaxAccess;
    ResponseInvalidCode: typeof ResponseInvalidCode;
    isVarbindError: typeof isVarbindError;
    varbindError: typeof varbindError;
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
    createAgent: typeof createAgent;
    RequestTimedOutError: typeof RequestTimedOutError;
    RequestFailedError: typeof RequestFailedError;
    ResponseInvalidError: typeof ResponseInvalidError;
  };
  export default snmp;
}

import type { Session, User, Varbind } from 'net-snmp';
import { PluginFailure, RunStatus } from '../plugin.js';
import { snmpFailure } from './errors.js';
import { loadSnmp } from './library.js';
import type { SnmpSettings } from './settings.js';
import { type Table, walkColumns } from './table.js';

/**
 * A manager session to one agent with a promise API, its failures already mapped to status codes
 * (errors.ts). Secrets are read through the run's `secret` when the session opens and handed to
 * net-snmp only. Always close it (`withSnmpSession` does); an aborted run closes it at once.
 */
export interface SnmpClient {
  readonly host: string;
  /** Values by OID; OIDs the agent does not have are absent. */
  get(oids: readonly string[]): Promise<Map<string, unknown>>;
  /** Columns walked side by side with GETBULK (GETNEXT on v1): rows by index. */
  table(columns: readonly string[], rowsHint?: number): Promise<Table>;
  close(): void;
}

export type SecretReader = (reference: string) => Promise<string>;

async function readSecret(secret: SecretReader, reference: string, key: string): Promise<string> {
  try {
    return await secret(reference);
  } catch (error) {
    // The secret module's message names the reference and the reason, never the value.
    const reason = error instanceof Error ? error.message : String(error);
    throw new PluginFailure(RunStatus.internalFailure, `snmp.${key}: ${reason}`);
  }
}

async function v3User(settings: SnmpSettings, secret: SecretReader): Promise<User> {
  const snmp = await loadSnmp();
  const u = settings.user;
  if (!u) throw new PluginFailure(RunStatus.internalFailure, 'snmp: v3 needs a user');
  if (!u.authKey) return { name: u.name, level: snmp.SecurityLevel.noAuthNoPriv };
  const authKey = await readSecret(secret, u.authKey, 'auth_key');
  if (!u.privKey) {
    return {
      name: u.name,
      level: snmp.SecurityLevel.authNoPriv,
      authProtocol: snmp.AuthProtocols[u.authProtocol],
      authKey,
    };
  }
  return {
    name: u.name,
    level: snmp.SecurityLevel.authPriv,
    authProtocol: snmp.AuthProtocols[u.authProtocol],
    authKey,
    privProtocol: snmp.PrivProtocols[u.privProtocol],
    privKey: await readSecret(secret, u.privKey, 'priv_key'),
  };
}

export async function openSnmpSession(
  settings: SnmpSettings,
  host: string,
  secret: SecretReader,
  signal?: AbortSignal,
): Promise<SnmpClient> {
  const snmp = await loadSnmp();
  const options = {
    port: settings.port,
    timeout: settings.timeoutMs,
    retries: settings.retries,
    transport: host.includes(':') ? ('udp6' as const) : ('udp4' as const),
    version:
      settings.version === '1'
        ? snmp.Version1
        : settings.version === '2c'
          ? snmp.Version2c
          : undefined,
  };
  const session: Session =
    settings.version === '3'
      ? snmp.createV3Session(host, await v3User(settings, secret), options)
      : snmp.createSession(
          host,
          await readSecret(secret, settings.community ?? '', 'community'),
          options,
        );
  // Socket errors reach pending requests through their callbacks; this listener keeps an
  // unhandled 'error' event from taking the process down.
  session.on('error', () => undefined);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', close);
    try {
      session.close();
    } catch {
      // Already closed by the socket itself: nothing left to release.
    }
  };
  signal?.addEventListener('abort', close, { once: true });
  // A run already past its deadline sends nothing: every call below fails as aborted.
  if (signal?.aborted) close();

  const call = <T>(start: (done: (error: Error | null, value: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(snmpFailure(new Error('session closed'), host, signal?.aborted));
        return;
      }
      try {
        start((error, value) =>
          error ? reject(snmpFailure(error, host, signal?.aborted)) : resolve(value),
        );
      } catch (error) {
        reject(snmpFailure(error, host, signal?.aborted));
      }
    });

  const step = (oids: string[], repetitions: number): Promise<Varbind[][]> =>
    settings.version === '1'
      ? call<Varbind[]>((done) => session.getNext(oids, done)).then((vbs) => vbs.map((v) => [v]))
      : call<(Varbind | Varbind[])[]>((done) => session.getBulk(oids, 0, repetitions, done)).then(
          (vbs) => vbs.map((v) => (Array.isArray(v) ? v : [v])),
        );

  return {
    host,
    async get(oids) {
      const varbinds = await call<Varbind[]>((done) => session.get([...oids], done));
      const out = new Map<string, unknown>();
      for (const vb of varbinds) if (!snmp.isVarbindError(vb)) out.set(vb.oid, vb.value);
      return out;
    },
    async table(columns, rowsHint) {
      try {
        return await walkColumns(step, columns, settings.maxRepetitions, rowsHint);
      } catch (error) {
        throw snmpFailure(error, host, signal?.aborted);
      }
    },
    close,
  };
}

/** Opens a session, runs `work` with it and closes it whatever happens. */
export async function withSnmpSession<T>(
  settings: SnmpSettings,
  host: string,
  secret: SecretReader,
  signal: AbortSignal | undefined,
  work: (client: SnmpClient) => Promise<T>,
): Promise<T> {
  const client = await openSnmpSession(settings, host, secret, signal);
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

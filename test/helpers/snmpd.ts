import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snmp from 'net-snmp';
import { afterAll, beforeAll } from 'vitest';
import type { InventoryResource } from '../../src/inventory/contract.js';
import { secretReader } from '../../src/platform/secrets.js';
import type { PluginConfig, PluginContext, PluginKind } from '../../src/telemetry/plugin.js';

/**
 * A private Debian snmpd for the SNMP tests: a temp folder with a generated snmpd.conf, listening
 * on udp:127.0.0.1:<free port>, in the foreground, reading no system configuration (-C) and
 * keeping its persistent state (the v3 user's localized keys, engine boots) in the temp folder.
 * It offers a v2c community and a v3 user with SHA authentication and AES privacy, both with a
 * read-only view of the whole tree. Every call has its own folder and port.
 */

export const SNMPD_BIN = process.env.ARGUS_SNMPD ?? '/usr/sbin/snmpd';
export const SNMP_COMMUNITY = 'argus-ro';
export const SNMP_V3_USER = 'argus';
export const SNMP_V3_AUTH = 'argus-auth-pass';
export const SNMP_V3_PRIV = 'argus-priv-pass';

/**
 * Whether snmpd can run here. Absent: the SNMP files skip with a printed reason, or fail when
 * ARGUS_REQUIRE_SERVICES=1 (as in CI). Call at file level.
 */
export function snmpdPresent(): boolean {
  if (existsSync(SNMPD_BIN)) return true;
  const reason = `${SNMPD_BIN} is absent (Debian packages snmpd and snmp)`;
  if (process.env.ARGUS_REQUIRE_SERVICES === '1')
    throw new Error(`ARGUS_REQUIRE_SERVICES=1 but ${reason}`);
  process.stderr.write(`[argus tests] skipping snmpd tests: ${reason}\n`);
  return false;
}

function snmpdConf(): string {
  return [
    `rocommunity ${SNMP_COMMUNITY} 127.0.0.1`,
    `createUser ${SNMP_V3_USER} SHA "${SNMP_V3_AUTH}" AES "${SNMP_V3_PRIV}"`,
    `rouser ${SNMP_V3_USER} priv`,
    '',
  ].join('\n');
}

/** A free UDP port on loopback: bind port 0, read it, release it. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** True when a v2c GET of sysName answers within `timeoutMs`. */
export function snmpAnswers(port: number, community: string, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const session = snmp.createSession('127.0.0.1', community, {
      port,
      timeout: timeoutMs,
      retries: 0,
      version: snmp.Version2c,
    });
    session.on('error', () => undefined);
    session.get(['1.3.6.1.2.1.1.5.0'], (error) => {
      session.close();
      resolve(!error);
    });
  });
}

export interface SnmpdServer {
  port: number;
  dir: string;
  /** When it answered first (ms since the epoch): hrProcessorLoad needs a minute of history. */
  startedAt: number;
  stop(): Promise<void>;
}

export async function startSnmpd(): Promise<SnmpdServer> {
  const dir = await mkdtemp(join(tmpdir(), 'argus-snmpd-'));
  await writeFile(join(dir, 'snmpd.conf'), snmpdConf());
  let child: ChildProcess | undefined;
  let port = 0;
  let output = '';
  // Another process may take the port between freeUdpPort() and snmpd's bind: retry on a new one.
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freeUdpPort();
    const proc = spawn(
      SNMPD_BIN,
      [
        '-f',
        '-C',
        '-c',
        join(dir, 'snmpd.conf'),
        '-Lo',
        '-p',
        join(dir, 'snmpd.pid'),
        `udp:127.0.0.1:${port}`,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        // No MIB files are loaded (numeric OIDs only) and the state stays in the temp folder.
        env: {
          ...process.env,
          SNMP_PERSISTENT_DIR: dir,
          SNMPCONFPATH: dir,
          MIBS: '',
          MIBDIRS: dir,
        },
      },
    );
    output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.on('error', (error) => {
      output += String(error);
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 15_000;
    let up = false;
    while (!exited && !up && Date.now() < deadline) up = await snmpAnswers(port, SNMP_COMMUNITY);
    if (up && !exited) child = proc;
    else proc.kill('SIGKILL');
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`snmpd did not start: ${output.trim().slice(-2000)}`);
  }
  const proc = child;
  // If the test process dies without afterAll, do not leave an snmpd behind.
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    port,
    dir,
    startedAt: Date.now(),
    async stop() {
      process.off('exit', killOnExit);
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts snmpd before the file's tests and stops it after; call the result inside tests. */
export function snmpdForThisFile(): () => SnmpdServer {
  let server: SnmpdServer | undefined;
  beforeAll(async () => {
    server = await startSnmpd();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('snmpd is not running (snmpdForThisFile() at file level)');
    return server;
  };
}

/** Secrets the SNMP tests configure by reference, as a deployment would (never literally). */
export const SNMP_TEST_ENV = {
  SNMP_COMMUNITY: SNMP_COMMUNITY,
  SNMP_AUTH: SNMP_V3_AUTH,
  SNMP_PRIV: SNMP_V3_PRIV,
  SNMP_WRONG: 'not-the-password',
};

/** A resource as the inventory would hand it to a polling or enrichment run. */
export function testResource(endpoint: string, id = endpoint): InventoryResource {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    resource_id: id,
    resource_site: 'test',
    resource_class: 'system',
    resource_subclass: 'host',
    resource_type: 'net-snmp/linux',
    resource_endpoint: endpoint,
    resource_plugin: 'test',
    resource_creation_timestamp: 1,
    resource_metadata: {},
    ttlSeconds: 604800,
    lastSeenAt: new Date(0).toISOString(),
    staleSince: null,
  };
}

export interface TestContextOptions {
  kind: PluginKind;
  module: string;
  sections: Record<string, Record<string, unknown>>;
  resource?: InventoryResource;
  enrichments?: Record<string, Record<string, unknown>>;
  siteDefaults?: Record<string, unknown>;
  /** Seconds since the epoch the run sees; default the clock. */
  now?: () => number;
  frequency?: number;
  signal?: AbortSignal;
  /** More variables for `env:` references, beside SNMP_TEST_ENV. */
  env?: Record<string, string>;
}

/** The context the scheduler would build for one run, with secrets read from SNMP_TEST_ENV. */
export function testContext(o: TestContextOptions): PluginContext {
  const config: PluginConfig = {
    name: `test-${o.module}`,
    kind: o.kind,
    module: o.module,
    executeFrequency: o.frequency ?? 60,
    enrichmentPreload: [],
    transforms: [],
    sections: o.sections,
    source: 'test',
  };
  return {
    config,
    ...(o.resource ? { resource: o.resource } : {}),
    ...(o.siteDefaults ? { site: { name: 'test', defaults: o.siteDefaults } } : {}),
    enrichments: o.enrichments ?? {},
    signal: o.signal ?? new AbortController().signal,
    secret: secretReader({ env: { ...SNMP_TEST_ENV, ...o.env } }),
    log: { info: () => undefined, warn: () => undefined },
    now: o.now ?? (() => Date.now() / 1000),
  };
}

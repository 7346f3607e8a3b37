import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';
import { afterAll, beforeAll } from 'vitest';
import type { LdapSettings } from '../../src/platform/auth/ldap.js';
import { reachable } from './engines.js';

const run = promisify(execFile);

export const SLAPD_BIN = process.env.ARGUS_SLAPD ?? '/usr/sbin/slapd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export const BASE_DN = 'dc=argus,dc=test';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const ROOT_DN = `cn=admin,${BASE_DN}`;
export const ROOT_PASSWORD = 'root-secret';
/** The read-only service account Argus binds as (not the rootdn: like a real deployment). */
export const SERVICE_DN = `cn=argus-reader,ou=services,${BASE_DN}`;
export const SERVICE_PASSWORD = 'reader-secret';

/** A tiny JPEG (SOI, JFIF APP0, EOI): enough for slapd and for the photo mapping. */
export const TEST_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

export interface TestDirectoryUser {
  uid: string;
  password: string;
  givenName: string;
  sn: string;
  mail: string;
  title: string;
  telephoneNumber: string;
  mobile: string;
  employeeNumber: string;
  o: string;
  ou?: string;
  departmentNumber?: string;
  /** uid of the manager, written as their DN. */
  manager?: string;
  jpegPhoto?: Buffer;
}

/** The people in the test directory. carol has no `ou`: her department comes from departmentNumber. */
export const TEST_USERS: TestDirectoryUser[] = [
  {
    uid: 'alice',
    password: 'alice-pass-1',
    givenName: 'Alice',
    sn: 'Anders',
    mail: 'alice@argus.test',
    title: 'Chief Technology Officer',
    telephoneNumber: '+1 555 0100',
    mobile: '+1 555 0101',
    employeeNumber: 'E-0001',
    o: 'Argus Corp',
    ou: 'Engineering',
    jpegPhoto: TEST_JPEG,
  },
  {
    uid: 'bob',
    password: 'bob-pass-2',
    givenName: 'Bob',
    sn: 'Brown',
    mail: 'bob@argus.test',
    title: 'Head of Platform',
    telephoneNumber: '+1 555 0200',
    mobile: '+1 555 0201',
    employeeNumber: 'E-0002',
    o: 'Argus Corp',
    ou: 'Platform',
    manager: 'alice',
  },
  {
    uid: 'carol',
    password: 'carol-pass-3',
    givenName: 'Carol',
    sn: 'Chen',
    mail: 'carol@argus.test',
    title: 'QA Lead',
    telephoneNumber: '+1 555 0300',
    mobile: '+1 555 0301',
    employeeNumber: 'E-0003',
    o: 'Argus Corp',
    departmentNumber: 'QA-7',
    manager: 'bob',
  },
  {
    uid: 'dave',
    password: 'dave-pass-4',
    givenName: 'Dave',
    sn: 'Dunn',
    mail: 'dave@argus.test',
    title: 'SRE',
    telephoneNumber: '+1 555 0400',
    mobile: '+1 555 0401',
    employeeNumber: 'E-0004',
    o: 'Argus Corp',
    ou: 'Platform',
    manager: 'bob',
  },
];

export const userDn = (uid: string) => `uid=${uid},${PEOPLE_DN}`;

/** The LDIF loaded at start: base, two OUs, the service account, the users and a group. */
export function testLdif(users: readonly TestDirectoryUser[] = TEST_USERS): string {
  const blocks = [
    [
      `dn: ${BASE_DN}`,
      'objectClass: dcObject',
      'objectClass: organization',
      'dc: argus',
      'o: Argus Test',
    ],
    [`dn: ${PEOPLE_DN}`, 'objectClass: organizationalUnit', 'ou: people'],
    [`dn: ou=services,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: services'],
    [`dn: ou=groups,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: groups'],
    [
      `dn: ${SERVICE_DN}`,
      'objectClass: applicationProcess',
      'objectClass: simpleSecurityObject',
      'cn: argus-reader',
      `userPassword: ${SERVICE_PASSWORD}`,
    ],
  ];
  for (const u of users) {
    const block = [
      `dn: ${userDn(u.uid)}`,
      'objectClass: inetOrgPerson',
      `uid: ${u.uid}`,
      `cn: ${u.givenName} ${u.sn}`,
      `givenName: ${u.givenName}`,
      `sn: ${u.sn}`,
      `mail: ${u.mail}`,
      `title: ${u.title}`,
      `telephoneNumber: ${u.telephoneNumber}`,
      `mobile: ${u.mobile}`,
      `employeeNumber: ${u.employeeNumber}`,
      `o: ${u.o}`,
      `userPassword: ${u.password}`,
    ];
    if (u.ou) block.push(`ou: ${u.ou}`);
    if (u.departmentNumber) block.push(`departmentNumber: ${u.departmentNumber}`);
    if (u.manager) block.push(`manager: ${userDn(u.manager)}`);
    if (u.jpegPhoto) block.push(`jpegPhoto:: ${u.jpegPhoto.toString('base64')}`);
    blocks.push(block);
  }
  blocks.push([
    `dn: cn=staff,ou=groups,${BASE_DN}`,
    'objectClass: groupOfNames',
    'cn: staff',
    ...users.map((u) => `member: ${userDn(u.uid)}`),
  ]);
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

function slapdConf(dir: string): string {
  return [
    ...['core', 'cosine', 'nis', 'inetorgperson'].map((s) => `include ${SCHEMA_DIR}/${s}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    // Users bind (auth) with their password; authenticated users (the service account) read
    // everything else; anonymous users read nothing. The rootdn is above all rules.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    'database mdb',
    'maxsize 33554432',
    `suffix "${BASE_DN}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PASSWORD}`,
    `directory ${join(dir, 'db')}`,
    'index objectClass eq',
    'index uid eq',
    '',
  ].join('\n');
}

/** A free TCP port on loopback: bind port 0, read the port, release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface SlapdServer {
  url: string;
  port: number;
  dir: string;
  /** Settings for LdapDirectory: the service account, the people OU, inetOrgPerson users, uid. */
  settings: LdapSettings;
  /** A client bound as the rootdn, for tests that change the directory; unbound by stop(). */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * Starts a private slapd: a temp dir with a generated slapd.conf (mdb, suffix dc=argus,dc=test,
 * schemas core, cosine, nis, inetorgperson), listening on ldap://127.0.0.1:<free port>, in the
 * foreground (`-d 0`), loaded with {@link testLdif} through ldapadd. Every call has its own dir
 * and port, so test files running in parallel do not collide.
 */
export async function startSlapd(ldif: string = testLdif()): Promise<SlapdServer> {
  const dir = await mkdtemp(join(tmpdir(), 'argus-slapd-'));
  await mkdir(join(dir, 'db'));
  await writeFile(join(dir, 'slapd.conf'), slapdConf(dir));
  await writeFile(join(dir, 'data.ldif'), ldif);

  let child: ChildProcess | undefined;
  let port = 0;
  let output = '';
  // Another process may take the port between freePort() and slapd's bind: retry on a new one.
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    const url = `ldap://127.0.0.1:${port}/`;
    const proc = spawn(SLAPD_BIN, ['-f', join(dir, 'slapd.conf'), '-h', url, '-d', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 15_000;
    while (!exited && Date.now() < deadline) {
      if (await reachable('127.0.0.1', port, 200)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited && (await reachable('127.0.0.1', port, 500))) {
      child = proc;
    } else {
      proc.kill('SIGKILL');
    }
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`slapd did not start: ${output.trim().slice(-2000)}`);
  }

  const url = `ldap://127.0.0.1:${port}`;
  try {
    await run('ldapadd', [
      '-x',
      '-H',
      url,
      '-D',
      ROOT_DN,
      '-w',
      ROOT_PASSWORD,
      '-f',
      join(dir, 'data.ldif'),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const clients: Client[] = [];
  const proc = child;
  // If the test process dies without afterAll, do not leave a slapd behind.
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url,
    port,
    dir,
    settings: {
      url,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PASSWORD,
      baseDn: PEOPLE_DN,
      userFilter: '(objectClass=inetOrgPerson)',
      loginAttribute: 'uid',
    },
    async admin() {
      const client = new Client({ url, timeout: 5000, connectTimeout: 5000 });
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      clients.push(client);
      return client;
    },
    async stop() {
      process.off('exit', killOnExit);
      for (const client of clients) await client.unbind().catch(() => undefined);
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

/** Starts slapd before the file's tests and stops it after; call the result inside tests. */
export function slapdForThisFile(ldif?: string): () => SlapdServer {
  let server: SlapdServer | undefined;
  beforeAll(async () => {
    server = await startSlapd(ldif);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server)
      throw new Error('slapd is not running (slapdForThisFile() must be called at file level)');
    return server;
  };
}

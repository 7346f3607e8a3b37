import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { Attribute, Change } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncDirectory } from '../../src/catalog/ldap-sync.js';
import { registerLdapCommand } from '../../src/cli/commands/ldap.js';
import { listHistory } from '../../src/platform/audit/service.js';
import {
  DirectoryUnavailable,
  escapeFilterValue,
  formatObjectGuid,
  LDAP_ATTRIBUTE_MAP,
  LdapDirectory,
  mapEntry,
  normalizeDn,
} from '../../src/platform/auth/ldap.js';
import { people } from '../../src/platform/auth/schema.js';
import type { ChangeEvent } from '../../src/platform/bus.js';
import type { Config } from '../../src/platform/config.js';
import { systemContext } from '../../src/platform/context.js';
import { ldapAuthenticatorFromConfig } from '../../src/server/ldap.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { BASE_DN, slapdForThisFile, TEST_JPEG, TEST_USERS, userDn } from '../helpers/slapd.js';

const slapd = slapdForThisFile();

function ldapConfig(): Partial<Config> {
  const s = slapd().settings;
  return {
    ldapUrl: s.url,
    ldapBindDn: s.bindDn,
    ldapBindPassword: s.bindPassword,
    ldapBaseDn: s.baseDn,
    ldapUserFilter: s.userFilter,
    ldapLoginAttribute: s.loginAttribute,
    // This file logs in dozens of times from one address; throttling has its own test
    // (test/integration/login-throttle.test.ts) and would only get in the way here.
    loginRateMax: 1000,
  };
}

async function startLdapApp(): Promise<TestApp> {
  return startTestApp(ldapConfig(), {
    authenticators: (config, bus) => [ldapAuthenticatorFromConfig(config, bus)!],
  });
}

function login(t: TestApp, username: string, password: string) {
  return t.request(null, {
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
}

async function personRow(t: TestApp, username: string) {
  const [row] = await t.database.db.select().from(people).where(eq(people.username, username));
  return row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const photoUrl = `data:image/jpeg;base64,${TEST_JPEG.toString('base64')}`;
const user = (uid: string) => TEST_USERS.find((u) => u.uid === uid)!;

describe('LDAP helpers', () => {
  it('escapes filter values as RFC 4515 says', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('plain.name-1@x')).toBe('plain.name-1@x');
  });

  it('compares DNs regardless of case and spacing', () => {
    expect(normalizeDn('UID=Alice, OU=People,dc=Argus, dc=test')).toBe(
      normalizeDn(userDn('alice')),
    );
    expect(normalizeDn('cn=a\\, b,dc=x')).toBe('cn=a\\, b,dc=x');
  });

  it('maps an Active Directory entry: binary objectGUID, thumbnailPhoto, company, department', () => {
    const guid = Buffer.from('67452301ab89efcd0123456789abcdef', 'hex');
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    const user = mapEntry(
      {
        dn: 'CN=Smith\\, John,OU=Staff,DC=corp,DC=example',
        sAMAccountName: 'jsmith',
        givenName: 'John',
        sn: 'Smith',
        objectGUID: guid,
        thumbnailPhoto: png,
        company: 'Corp',
        department: 'Finance',
        ou: ['ignored'],
        manager: 'CN=Boss,OU=Staff,DC=corp,DC=example',
      },
      'sAMAccountName',
    );
    expect(user).toMatchObject({
      username: 'jsmith',
      name: 'John Smith',
      guid: '01234567-89ab-cdef-0123-456789abcdef',
      organization: 'Corp',
      department: 'Finance',
      managerDn: 'CN=Boss,OU=Staff,DC=corp,DC=example',
      photo: `data:image/png;base64,${png.toString('base64')}`,
    });
    expect(formatObjectGuid(guid)).toBe('01234567-89ab-cdef-0123-456789abcdef');
  });

  it('documents the attribute map', () => {
    expect(LDAP_ATTRIBUTE_MAP.directoryGuid).toEqual(['objectGUID', 'entryUUID']);
    expect(LDAP_ATTRIBUTE_MAP.photo).toContain('jpegPhoto');
  });
});

describe('LdapDirectory', () => {
  it('finds one user by login attribute, and nobody for wildcards', async () => {
    const directory = new LdapDirectory(slapd().settings);
    const alice = await directory.findUser('alice');
    expect(alice).toMatchObject({ dn: userDn('alice'), username: 'alice', name: 'Alice Anders' });
    expect(await directory.findUser('al*')).toBeNull();
    expect(await directory.findUser('*')).toBeNull();
    expect(await directory.findUser('*)(uid=*')).toBeNull();
    expect(await directory.findUser('nobody')).toBeNull();
  });

  it('verifies passwords by binding as the user, and refuses empty ones', async () => {
    const directory = new LdapDirectory(slapd().settings);
    expect(await directory.verifyPassword('bob', user('bob').password)).toMatchObject({
      username: 'bob',
    });
    expect(await directory.verifyPassword('bob', 'wrong')).toBeNull();
    // A DN with an empty password is an "unauthenticated bind" that servers accept.
    expect(await directory.verifyPassword('bob', '')).toBeNull();
    expect(await directory.verifyPassword('', 'x')).toBeNull();
  });

  it('reports an unreachable directory or a refused service account as unavailable', async () => {
    const down = new LdapDirectory({
      ...slapd().settings,
      url: 'ldap://127.0.0.1:1',
      timeoutMs: 2000,
    });
    await expect(down.listUsers()).rejects.toBeInstanceOf(DirectoryUnavailable);
    const refused = new LdapDirectory({ ...slapd().settings, bindPassword: 'wrong' });
    await expect(refused.check()).rejects.toThrow(/service account/);
    // The message names the account but never the password.
    await expect(refused.check()).rejects.not.toThrow(/wrong/);
  });
});

describe('login through LDAP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startLdapApp();
  });
  afterAll(() => t.close());

  it('logs in with the directory password and creates the person with mapped attributes', async () => {
    const response = await login(t, 'alice', user('alice').password);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ username: 'alice', isAdmin: false });
    const cookie = response.cookies.find((c) => c.name === 'argus_session');
    expect(cookie?.value).toBeTruthy();
    const me = await t.request(null, {
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `argus_session=${cookie!.value}` },
    });
    expect(me.json().username).toBe('alice');

    const row = await personRow(t, 'alice');
    expect(row).toMatchObject({
      name: 'Alice Anders',
      email: 'alice@argus.test',
      title: 'Chief Technology Officer',
      officePhone: '+1 555 0100',
      mobilePhone: '+1 555 0101',
      employeeNumber: 'E-0001',
      organization: 'Argus Corp',
      department: 'Engineering',
      directoryDn: userDn('alice'),
      photo: photoUrl,
      hidden: false,
      role: 'member',
      passwordHash: null,
    });
    expect(row!.directoryGuid).toMatch(UUID);
  });

  it('logs in again as the same person, and links the manager once known', async () => {
    const first = await login(t, 'bob', user('bob').password);
    expect(first.statusCode).toBe(200);
    const again = await login(t, 'alice', user('alice').password);
    expect(again.statusCode).toBe(200);
    const alice = await personRow(t, 'alice');
    expect(again.json().id).toBe(alice!.id);
    const bob = await personRow(t, 'bob');
    expect(bob!.managerId).toBe(alice!.id);
    expect(
      (await t.database.db.select().from(people)).filter((p) => p.username === 'alice'),
    ).toHaveLength(1);
  });

  it('answers 503, not 401, when the directory is down', async () => {
    const down = await startTestApp(
      { ...ldapConfig(), ldapUrl: 'ldap://127.0.0.1:1' },
      { authenticators: (config, bus) => [ldapAuthenticatorFromConfig(config, bus)!] },
    );
    try {
      const response = await login(down, 'alice', user('alice').password);
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('ARGUS_AUTH_DIRECTORY_UNAVAILABLE');
      expect(response.body).not.toContain(user('alice').password);
    } finally {
      await down.close();
    }
  });

  it('refuses a wrong password with 401', async () => {
    const response = await login(t, 'carol', 'not-her-password');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('ARGUS_AUTH_BAD_CREDENTIALS');
    expect(await personRow(t, 'carol')).toBeUndefined();
  });

  it('refuses filter injection in the username', async () => {
    for (const username of ['*)(uid=*', '*', 'al*', 'alice)(uid=*', 'alice\\']) {
      const response = await login(t, username, user('alice').password);
      expect(response.statusCode, username).toBe(401);
    }
  });

  it('does not let a directory entry take over a local account with a password', async () => {
    // carol exists locally with her own password: the directory carol may not log in as her.
    await t.user('carol', { password: 'local-carol-password' });
    expect((await login(t, 'carol', user('carol').password)).statusCode).toBe(401);
    expect((await login(t, 'carol', 'local-carol-password')).statusCode).toBe(200);
    expect((await personRow(t, 'carol'))!.directoryDn).toBeNull();
  });
});

describe('directory sync', () => {
  let t: TestApp;
  const events: ChangeEvent[] = [];
  beforeAll(async () => {
    t = await startLdapApp();
    t.bus.subscribe((e) => events.push(e));
  });
  afterAll(() => t.close());
  afterEach(() => {
    events.length = 0;
  });
  const sync = () =>
    syncDirectory(
      t.database.db,
      t.bus,
      systemContext('ldap-sync-test'),
      new LdapDirectory(slapd().settings),
    );

  it('creates every user with every mapped attribute and resolves managers', async () => {
    const report = await sync();
    expect(report).toMatchObject({ created: 4, updated: 0, unchanged: 0, hidden: 0, skipped: 0 });
    const rows = new Map((await t.database.db.select().from(people)).map((r) => [r.username, r]));
    for (const u of TEST_USERS) {
      const row = rows.get(u.uid)!;
      expect(row, u.uid).toMatchObject({
        name: `${u.givenName} ${u.sn}`,
        email: u.mail,
        title: u.title,
        officePhone: u.telephoneNumber,
        mobilePhone: u.mobile,
        employeeNumber: u.employeeNumber,
        organization: u.o,
        department: u.ou ?? u.departmentNumber,
        directoryDn: userDn(u.uid),
        photo: u.jpegPhoto ? photoUrl : '',
        hidden: false,
        passwordHash: null,
        managerId: u.manager ? rows.get(u.manager)!.id : null,
      });
      expect(row.directoryGuid).toMatch(UUID);
    }
    expect(new Set([...rows.values()].map((r) => r.directoryGuid)).size).toBe(4);
    expect(events.filter((e) => e.type === 'person' && e.action === 'create')).toHaveLength(4);
    const history = await listHistory(t.database.db, {
      entityType: 'person',
      entityId: rows.get('bob')!.id,
      limit: 50,
    });
    expect(history.find((h) => h.field === 'manager')).toMatchObject({
      action: 'create',
      newValue: 'alice',
    });
  });

  it('is idempotent: a second run changes nothing', async () => {
    expect(await sync()).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 4,
      hidden: 0,
      skipped: 0,
    });
    expect(events).toHaveLength(0);
  });

  it('logs a synced user in as the synced person', async () => {
    const bob = await personRow(t, 'bob');
    const response = await login(t, 'bob', user('bob').password);
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(bob!.id);
    expect(await sync()).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it('updates changed attributes, with an audit event per field', async () => {
    const admin = await slapd().admin();
    await admin.modify(userDn('carol'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'title', values: ['Head of QA'] }),
      }),
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'manager', values: [userDn('alice')] }),
      }),
    ]);
    const report = await sync();
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 3, hidden: 0 });
    const carol = await personRow(t, 'carol');
    const alice = await personRow(t, 'alice');
    expect(carol).toMatchObject({ title: 'Head of QA', managerId: alice!.id });
    const history = await listHistory(t.database.db, {
      entityType: 'person',
      entityId: carol!.id,
      limit: 50,
    });
    const updates = history.filter((h) => h.action === 'update');
    expect(updates.map((h) => h.field).sort()).toEqual(['manager', 'title']);
    expect(updates.find((h) => h.field === 'title')).toMatchObject({
      oldValue: 'QA Lead',
      newValue: 'Head of QA',
      actorName: 'system',
      entityRef: 'person:carol',
    });
    expect(updates.find((h) => h.field === 'manager')).toMatchObject({
      oldValue: 'bob',
      newValue: 'alice',
    });
    expect(events).toEqual([
      expect.objectContaining({ type: 'person', ref: 'person:carol', action: 'update' }),
    ]);
  });

  it('hides (never deletes) a user removed from the directory', async () => {
    const admin = await slapd().admin();
    await admin.del(userDn('dave'));
    const report = await sync();
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 3, hidden: 1 });
    const dave = await personRow(t, 'dave');
    expect(dave).toMatchObject({ hidden: true, directoryDn: userDn('dave') });
    const history = await listHistory(t.database.db, {
      entityType: 'person',
      entityId: dave!.id,
      limit: 50,
    });
    expect(history[0]).toMatchObject({ field: 'hidden', oldValue: false, newValue: true });
    expect(await sync()).toMatchObject({ unchanged: 3, hidden: 0 });
    // Hidden people drop out of the default list but stay readable.
    const root = await t.user('root', { admin: true });
    const list = await t.request(root, { method: 'GET', url: '/api/people' });
    expect(list.body).not.toContain('"dave"');
  });

  it('dry run reports without writing', async () => {
    const admin = await slapd().admin();
    await admin.modify(userDn('alice'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'mobile', values: ['+1 555 9999'] }),
      }),
    ]);
    const report = await syncDirectory(
      t.database.db,
      t.bus,
      systemContext('dry'),
      new LdapDirectory(slapd().settings),
      { dryRun: true },
    );
    expect(report).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await personRow(t, 'alice'))!.mobilePhone).toBe('+1 555 0101');
    expect(events).toHaveLength(0);
    expect(await sync()).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await personRow(t, 'alice'))!.mobilePhone).toBe('+1 555 9999');
  });

  it('follows a renamed entry by its GUID and re-resolves managers', async () => {
    const bob = await personRow(t, 'bob');
    const admin = await slapd().admin();
    await admin.modifyDN(userDn('bob'), 'uid=robert');
    await admin.modify(userDn('carol'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'manager', values: [userDn('robert')] }),
      }),
    ]);
    expect(await sync()).toMatchObject({ created: 0, updated: 2, unchanged: 1, hidden: 0 });
    const robert = await personRow(t, 'robert');
    expect(robert).toMatchObject({ id: bob!.id, directoryDn: userDn('robert'), hidden: false });
    expect((await personRow(t, 'carol'))!.managerId).toBe(bob!.id);
    const response = await login(t, 'robert', user('bob').password);
    expect(response.json().id).toBe(bob!.id);
  });

  it('refuses to hide everyone when the directory returns nobody', async () => {
    const empty = new LdapDirectory({ ...slapd().settings, baseDn: `ou=services,${BASE_DN}` });
    await expect(syncDirectory(t.database.db, t.bus, systemContext('x'), empty)).rejects.toThrow(
      /no users/,
    );
    expect((await personRow(t, 'alice'))!.hidden).toBe(false);
  });
});

describe('argus ldap sync', () => {
  const saved = { ...process.env };
  let dataDir: string;
  let out: string[];
  let err: string[];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'argus-ldap-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  async function argus(env: Record<string, string>, ...args: string[]) {
    out = [];
    err = [];
    process.env = {
      ...saved,
      ARGUS_CONFIG: '/nonexistent/argus.yaml',
      ARGUS_DATABASE_URL: '',
      ARGUS_DATA_DIR: dataDir,
      ...env,
    };
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    const program = new Command().exitOverride();
    registerLdapCommand(program);
    await program.parseAsync(['node', 'argus', 'ldap', 'sync', ...args]);
    const code = process.exitCode;
    vi.restoreAllMocks();
    return code;
  }

  const env = (): Record<string, string> => {
    const s = slapd().settings;
    return {
      ARGUS_LDAP_URL: s.url,
      ARGUS_LDAP_BIND_DN: s.bindDn,
      ARGUS_LDAP_BIND_PASSWORD: s.bindPassword,
      ARGUS_LDAP_BASE_DN: s.baseDn,
      ARGUS_LDAP_USER_FILTER: s.userFilter,
      ARGUS_LDAP_LOGIN_ATTRIBUTE: s.loginAttribute,
    };
  };

  it('exits 2 with a clear message when LDAP is not configured', async () => {
    expect(await argus({ ARGUS_LDAP_URL: '' })).toBe(2);
    expect(err.join('')).toMatch(/LDAP is not configured/);
  });

  it('exits 2 when the directory is unreachable', async () => {
    expect(await argus({ ...env(), ARGUS_LDAP_URL: 'ldap://127.0.0.1:1' })).toBe(2);
    expect(err.join('')).toMatch(/ldap:\/\/127\.0\.0\.1:1/);
  });

  it('syncs into the local database and prints the report', async () => {
    expect(await argus(env())).toBeFalsy();
    // dave was deleted from the directory above; carol, bob and alice remain.
    expect(out.join('')).toMatch(/created 3, updated 0, unchanged 0, hidden 0, skipped 0/);
    expect(await argus(env(), '--json')).toBeFalsy();
    expect(JSON.parse(out.join(''))).toMatchObject({ created: 0, unchanged: 3, dryRun: false });
  });
});

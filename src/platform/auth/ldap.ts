import { Client, type Entry, InvalidCredentialsError } from 'ldapts';
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import { ArgusError, Unavailable } from '../errors.js';
import { AuthErrors } from './errors.js';
import type { Authenticator, Person } from './service.js';

/** How Argus reaches the directory (the `ldap.*` settings, see docs/ldap.md). */
export interface LdapSettings {
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  /** The service account that searches the directory; empty binds anonymously. */
  bindDn: string;
  bindPassword: string;
  /** Where users live; searched with scope `sub`. */
  baseDn: string;
  /** Which entries are users, e.g. `(objectClass=person)`; a trusted setting, used as is. */
  userFilter: string;
  /** The attribute people log in with: `uid` (OpenLDAP) or `sAMAccountName` (Active Directory). */
  loginAttribute: string;
  /** Per-operation and connect timeout in milliseconds (default 10 s). */
  timeoutMs?: number;
}

/**
 * Panopticum's Active Directory attribute map (its `AUTH_LDAP_USER_ATTR_MAP` and
 * `AUTH_LDAP_FOREIGNKEY_USER_ATTR_MAP`), made to work with OpenLDAP too. For each person field,
 * the directory attributes are tried in order and the first one with a value wins; names are
 * matched case-insensitively. `username` comes from the configured login attribute.
 */
export const LDAP_ATTRIBUTE_MAP = {
  /** The entry's distinguished name (Panopticum: `distinguishedName`); always the entry's DN. */
  directoryDn: ['dn'],
  /** Given name and surname joined with a space; `cn` or `displayName` when both are empty. */
  name: ['givenName', 'sn', 'cn', 'displayName'],
  email: ['mail'],
  title: ['title'],
  officePhone: ['telephoneNumber'],
  mobilePhone: ['mobile'],
  employeeNumber: ['employeeNumber'],
  /** Active Directory's binary `objectGUID` (formatted as a GUID string) or OpenLDAP's `entryUUID`. */
  directoryGuid: ['objectGUID', 'entryUUID'],
  /** `o` (X.500, OpenLDAP) or `company` (Active Directory). */
  organization: ['o', 'company'],
  /** `department` (Active Directory), `ou` or `departmentNumber` (inetOrgPerson). */
  department: ['department', 'ou', 'departmentNumber'],
  /** The manager's DN; the sync resolves it to the person synced from that DN. */
  manager: ['manager'],
  /** A JPEG (or PNG, GIF) photo, stored as a `data:` URL with base64. */
  photo: ['thumbnailPhoto', 'jpegPhoto'],
} as const satisfies Record<string, readonly string[]>;

/** Attributes returned as raw bytes, under each spelling a server may use. */
const BINARY_ATTRIBUTES = ['objectGUID', 'thumbnailPhoto', 'jpegPhoto'];

/** One user entry of the directory, mapped to person fields. */
export interface DirectoryUser {
  dn: string;
  username: string;
  name: string;
  email: string;
  title: string;
  organization: string;
  department: string;
  officePhone: string;
  mobilePhone: string;
  employeeNumber: string;
  /** objectGUID or entryUUID, lower case; '' when the server did not return one. */
  guid: string;
  /** The manager's DN as the directory stores it, or null. */
  managerDn: string | null;
  /** A `data:` URL, or ''. */
  photo: string;
}

/** The directory cannot be reached or refused the service account: 503, not "wrong password". */
export class DirectoryUnavailable extends Unavailable {
  constructor(message: string) {
    super(AuthErrors.directoryUnavailable, message);
  }
}

/**
 * RFC 4515 escaping of an assertion value: `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`, `\29`,
 * `\5c` and `\00`, so user input can never add filter syntax (LDAP injection).
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A comparable form of a DN: RDNs split on unescaped commas, spaces around `,`, `+` and `=`
 * removed, attribute types and values lower-cased (the common case-insensitive matching rules).
 */
export function normalizeDn(dn: string): string {
  const rdns: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[++i];
    } else if (c === ',' || c === ';') {
      rdns.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  rdns.push(current);
  return rdns
    .map((rdn) =>
      rdn
        .split('+')
        .map((ava) => {
          const eq = ava.indexOf('=');
          if (eq < 0) return ava.trim().toLowerCase();
          return `${ava.slice(0, eq).trim().toLowerCase()}=${ava
            .slice(eq + 1)
            .trim()
            .toLowerCase()}`;
        })
        .join('+'),
    )
    .filter((rdn) => rdn !== '')
    .join(',');
}

/** Active Directory's objectGUID bytes as the usual string (first three groups little-endian). */
export function formatObjectGuid(bytes: Buffer): string {
  if (bytes.length !== 16) return bytes.toString('hex');
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = [...bytes.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  return [
    hex(0, 4, true),
    hex(4, 6, true),
    hex(6, 8, true),
    hex(8, 10, false),
    hex(10, 16, false),
  ].join('-');
}

function imageType(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return 'image/jpeg';
}

/** Photos larger than this (as a data: URL) are left out: the people table keeps small avatars. */
export const MAX_PHOTO_CHARS = 200_000;

function photoUrl(bytes: Buffer): string {
  if (bytes.length === 0) return '';
  const url = `data:${imageType(bytes)};base64,${bytes.toString('base64')}`;
  return url.length <= MAX_PHOTO_CHARS ? url : '';
}

type Values = Map<string, (string | Buffer)[]>;

/** The entry's attributes keyed by lower-case name, every value as a list. */
function valuesOf(entry: Entry): Values {
  const out: Values = new Map();
  for (const [key, raw] of Object.entries(entry)) {
    if (key === 'dn') continue;
    const list = Array.isArray(raw) ? raw : [raw];
    out.set(key.toLowerCase(), list as (string | Buffer)[]);
  }
  return out;
}

function first(values: Values, attribute: string): string | Buffer | undefined {
  const list = values.get(attribute.toLowerCase());
  return list?.find((v) => (typeof v === 'string' ? v.trim() !== '' : v.length > 0));
}

function text(values: Values, ...attributes: readonly string[]): string {
  for (const attribute of attributes) {
    const value = first(values, attribute);
    if (value !== undefined)
      return (typeof value === 'string' ? value : value.toString('utf8')).trim();
  }
  return '';
}

/** Maps one search entry to person fields with {@link LDAP_ATTRIBUTE_MAP}. */
export function mapEntry(entry: Entry, loginAttribute: string): DirectoryUser {
  const values = valuesOf(entry);
  const m = LDAP_ATTRIBUTE_MAP;
  const fullName = [text(values, 'givenName'), text(values, 'sn')].filter(Boolean).join(' ');
  let guid = '';
  const objectGuid = first(values, 'objectGUID');
  if (objectGuid !== undefined) {
    guid = Buffer.isBuffer(objectGuid) ? formatObjectGuid(objectGuid) : objectGuid;
  } else {
    guid = text(values, 'entryUUID');
  }
  let photo = '';
  for (const attribute of m.photo) {
    const value = first(values, attribute);
    if (value !== undefined) {
      photo = photoUrl(Buffer.isBuffer(value) ? value : Buffer.from(value, 'binary'));
      break;
    }
  }
  const manager = text(values, ...m.manager);
  return {
    dn: entry.dn,
    username: text(values, loginAttribute),
    name: fullName || text(values, 'cn', 'displayName'),
    email: text(values, ...m.email),
    title: text(values, ...m.title),
    organization: text(values, ...m.organization),
    department: text(values, ...m.department),
    officePhone: text(values, ...m.officePhone),
    mobilePhone: text(values, ...m.mobilePhone),
    employeeNumber: text(values, ...m.employeeNumber),
    guid: guid.trim().toLowerCase(),
    managerDn: manager || null,
    photo,
  };
}

/**
 * The directory, through ldapts. Every operation opens its own connection, binds (as the service
 * account, or as the user to check a password) and unbinds; nothing is cached. Passwords are
 * never logged nor put into error messages.
 */
export class LdapDirectory {
  readonly settings: Required<LdapSettings>;

  constructor(settings: LdapSettings) {
    this.settings = { timeoutMs: 10_000, ...settings };
  }

  /** The attributes requested from the server: the map, the login attribute and entryUUID. */
  get attributes(): string[] {
    const all = new Set<string>([this.settings.loginAttribute, 'entryUUID']);
    for (const names of Object.values(LDAP_ATTRIBUTE_MAP)) {
      for (const name of names) if (name !== 'dn') all.add(name);
    }
    return [...all];
  }

  private client(): Client {
    const { url, timeoutMs } = this.settings;
    return new Client({ url, timeout: timeoutMs, connectTimeout: timeoutMs, strictDN: false });
  }

  /** Runs `fn` on a connection bound as the service account. */
  private async asService<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client();
    try {
      try {
        if (this.settings.bindDn)
          await client.bind(this.settings.bindDn, this.settings.bindPassword);
      } catch (error) {
        throw new DirectoryUnavailable(
          `LDAP ${this.settings.url}: cannot bind as the service account ${this.settings.bindDn}: ${describe(error)}`,
        );
      }
      try {
        return await fn(client);
      } catch (error) {
        if (error instanceof ArgusError) throw error;
        throw new DirectoryUnavailable(
          `LDAP ${this.settings.url}: search failed: ${describe(error)}`,
        );
      }
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async search(filter: string, paged: boolean): Promise<Entry[]> {
    return this.asService(async (client) => {
      const binary = BINARY_ATTRIBUTES.flatMap((a) => [a, a.toLowerCase()]);
      const { searchEntries } = await client.search(this.settings.baseDn, {
        scope: 'sub',
        filter,
        attributes: this.attributes,
        explicitBufferAttributes: binary,
        // Paging gets past server size limits (Active Directory: 1000, OpenLDAP: 500 by default).
        ...(paged ? { paged: { pageSize: 200 } } : {}),
      });
      return searchEntries;
    });
  }

  /** Checks that the directory answers and the service account may bind. */
  async check(): Promise<void> {
    await this.asService(async () => undefined);
  }

  /** Every user under the base DN that matches the user filter and has a login attribute. */
  async listUsers(): Promise<DirectoryUser[]> {
    const entries = await this.search(this.settings.userFilter, true);
    return entries
      .map((entry) => mapEntry(entry, this.settings.loginAttribute))
      .filter((u) => u.username !== '');
  }

  /** The one user whose login attribute equals `username`; null when none or ambiguous. */
  async findUser(username: string): Promise<DirectoryUser | null> {
    if (username === '') return null;
    const { userFilter, loginAttribute } = this.settings;
    const filter = `(&${wrap(userFilter)}(${loginAttribute}=${escapeFilterValue(username)}))`;
    // Two entries with one login name: refuse rather than guess which one is meant.
    const entries = await this.search(filter, false);
    if (entries.length !== 1) return null;
    return mapEntry(entries[0]!, loginAttribute);
  }

  /**
   * Checks a password by binding as the user's DN on a connection of its own. Returns the user on
   * success, null for an unknown user or a wrong password. An empty password is refused before
   * the server sees it: LDAP treats a bind with a DN and no password as an anonymous bind that
   * "succeeds" (RFC 4513 5.1.2).
   */
  async verifyPassword(username: string, password: string): Promise<DirectoryUser | null> {
    if (password === '' || username.trim() === '') return null;
    const user = await this.findUser(username);
    if (!user) return null;
    const client = this.client();
    try {
      await client.bind(user.dn, password);
      return user;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return null;
      throw new DirectoryUnavailable(`LDAP ${this.settings.url}: bind failed: ${describe(error)}`);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

function wrap(filter: string): string {
  const trimmed = filter.trim();
  return trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The person a successful directory login stands for: created or updated from the directory
 * entry (see `upsertDirectoryPerson` in catalog/ldap-sync.ts); null refuses the login.
 */
export type DirectoryLogin = (db: Db, user: DirectoryUser) => Promise<Person | null>;

/**
 * Checks passwords against the directory. On success `onLogin` records the person (keyed by
 * directory GUID, then username) and the login proceeds as that person; a wrong password or an
 * unknown user is null, so the login is refused with 401.
 */
export function ldapAuthenticator(
  directory: LdapDirectory,
  onLogin: DirectoryLogin,
): Authenticator {
  return {
    name: 'ldap',
    async authenticate(db, username, password) {
      const user = await directory.verifyPassword(username, password);
      if (!user) return null;
      return onLogin(db, user);
    },
  };
}

/** The LDAP settings of a configuration; null when `ldap.url` is empty (LDAP is off). */
export function ldapSettingsFromConfig(config: Config): LdapSettings | null {
  if (!config.ldapUrl.trim()) return null;
  return {
    url: config.ldapUrl.trim(),
    bindDn: config.ldapBindDn,
    bindPassword: config.ldapBindPassword,
    baseDn: config.ldapBaseDn,
    userFilter: config.ldapUserFilter,
    loginAttribute: config.ldapLoginAttribute,
  };
}

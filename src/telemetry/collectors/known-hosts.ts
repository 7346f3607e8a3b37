import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OpenSSH known_hosts, read as `ssh` reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain and
 * hashed (`|1|salt|hash`) host patterns, `[host]:port` for other ports than 22, `*`/`?` wildcards,
 * `!` negation and `@revoked` keys. `@cert-authority` lines are skipped: host certificates are
 * not supported, so a host known only by a CA is unknown (and refused).
 */

export interface KnownHostKey {
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, ... */
  type: string;
  /** The public key blob (the base64 field, decoded). */
  blob: Buffer;
  revoked: boolean;
  /** 1-based line in the file, for messages. */
  line: number;
  /** The host field as written (`[10.0.0.1]:2222`, a pattern list or a `|1|...` hash). */
  hosts: string;
}

export function parseKnownHosts(text: string): KnownHostKey[] {
  const out: KnownHostKey[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift();
      if (marker === '@cert-authority') continue;
      if (marker !== '@revoked') continue;
      revoked = true;
    }
    const [hosts, type, key] = fields;
    if (!hosts || !type || !key) continue;
    out.push({ type, blob: Buffer.from(key, 'base64'), revoked, line: i + 1, hosts });
  }
  return out;
}

/** How a host appears in known_hosts: the bare name on port 22, `[name]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatch(field: string, name: string): boolean {
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a line's host field names `name`; a matching negated pattern excludes the line. */
export function hostsMatch(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatch(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (wildcard(pattern.slice(1)).test(name)) return false;
    } else if (wildcard(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` and ssh's own messages print it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside a public key blob (its first SSH string). */
export function blobType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

export type HostKeyVerdict =
  | { ok: true }
  | { ok: false; reason: 'unknown' | 'changed' | 'revoked'; message: string };

/**
 * The verdict on the key a host presented, as ssh's StrictHostKeyChecking=yes gives it: known
 * (a matching line has this key), revoked, changed (lines for this host hold other keys only),
 * or unknown (no line for this host). Messages carry the presented key's fingerprint, so an
 * operator can compare it with the host's own `ssh-keygen -l` before updating known_hosts.
 */
export function verifyHostKey(
  keys: readonly KnownHostKey[],
  host: string,
  port: number,
  presented: Buffer,
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const printed = `${blobType(presented)} ${fingerprint(presented)}`;
  const lines = keys.filter((k) => hostsMatch(k.hosts, name));
  if (lines.some((k) => k.revoked && k.blob.equals(presented))) {
    return {
      ok: false,
      reason: 'revoked',
      message: `host key of ${name} is revoked in known_hosts: ${printed}`,
    };
  }
  const valid = lines.filter((k) => !k.revoked);
  if (valid.some((k) => k.blob.equals(presented))) return { ok: true };
  if (valid.length === 0) {
    return {
      ok: false,
      reason: 'unknown',
      message: `host ${name} is not in known_hosts; it presented ${printed}`,
    };
  }
  const recorded = valid.map((k) => `${k.type} ${fingerprint(k.blob)} (line ${k.line})`).join(', ');
  return {
    ok: false,
    reason: 'changed',
    message: `host key of ${name} changed: it presented ${printed}, known_hosts has ${recorded}`,
  };
}

/** Signature algorithms per key type, best first (RSA keys sign with SHA-2 where the host can). */
const ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * The host key algorithms to offer a host: those of the key types known_hosts has for it, as
 * ssh orders them. Otherwise a host with an ed25519 and an RSA key, known by its RSA key only,
 * could present ed25519 and be refused as changed. Empty when nothing is known (any algorithm).
 */
export function hostKeyAlgorithms(
  keys: readonly KnownHostKey[],
  host: string,
  port: number,
): string[] {
  const name = knownHostsName(host, port);
  const types = keys.filter((k) => !k.revoked && hostsMatch(k.hosts, name)).map((k) => k.type);
  return [...new Set(types.flatMap((t) => ALGORITHMS[t] ?? []))];
}

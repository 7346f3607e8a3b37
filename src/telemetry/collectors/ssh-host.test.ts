import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blobType,
  fingerprint,
  hostKeyAlgorithms,
  hostsMatch,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
import { ParseError, parseProcStat } from './proc-parsers.js';
import { readingsFrom, remoteCommand, splitOutput } from './ssh-host.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('the ssh-host command and its output', () => {
  it('asks for a second CPU reading only when there is no kept one', () => {
    expect(remoteCommand(true)).toContain("stat2'; sleep 1; cat /proc/stat");
    expect(remoteCommand(false)).not.toContain('stat2');
    expect(remoteCommand(false)).toContain('df -kP');
  });

  // Captured by running remoteCommand(true) with sh on the development machine.
  const parts = splitOutput(fixture('ssh-host-output.txt'));

  it('cuts the output at the marker lines', () => {
    expect([...parts.keys()]).toEqual([
      'stat',
      'meminfo',
      'loadavg',
      'netdev',
      'df',
      'dfi',
      'speed',
      'stat2',
      'end',
    ]);
    expect(parts.get('loadavg')?.trim()).toMatch(/^\d+\.\d+ \d+\.\d+ \d+\.\d+ \d+\/\d+ \d+$/);
  });

  it('parses every part with the host parsers, CPU between the two readings', () => {
    const { readings, cpuBefore, diskProblem } = readingsFrom(parts, undefined);
    expect(diskProblem).toBeUndefined();
    expect(cpuBefore).toEqual(parseProcStat(parts.get('stat')!));
    expect(readings.stat).toEqual(parseProcStat(parts.get('stat2')!));
    expect(readings.meminfo.MemTotal).toBeGreaterThan(0);
    expect(readings.net.map((n) => n.name)).toContain('lo');
    expect(readings.disks.find((d) => d.mount === '/')?.inodesTotal).toBeGreaterThan(0);
  });

  it('uses the kept reading when the output has one /proc/stat only', () => {
    const kept = parseProcStat('cpu  1 0 1 1 0 0 0 0\n');
    const single = new Map(parts);
    single.delete('stat2');
    expect(readingsFrom(single, kept).cpuBefore).toBe(kept);
  });

  it('makes unreadable df output a disk problem (partial), a missing /proc part an error', () => {
    const broken = new Map(parts);
    broken.set('df', 'df: not found');
    const { readings, diskProblem } = readingsFrom(broken, undefined);
    expect(diskProblem).toMatch(/no "Filesystem" header/);
    expect(readings.disks).toEqual([]);
    const cut = new Map(parts);
    cut.delete('meminfo');
    expect(() => readingsFrom(cut, undefined)).toThrow(ParseError);
    expect(() => readingsFrom(cut, undefined)).toThrow(/no "meminfo" part/);
  });
});

describe('known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-known-hosts-'));
  const keyOf = (name: string) => {
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      name,
      '-f',
      join(dir, name),
    ]);
    const [type, base64] = readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ');
    return { type: type!, base64: base64!, blob: Buffer.from(base64!, 'base64') };
  };
  const a = keyOf('a');
  const b = keyOf('b');

  it('prints fingerprints as ssh-keygen does', () => {
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'a.pub')], {
      encoding: 'utf8',
    });
    expect(printed).toContain(fingerprint(a.blob));
    expect(blobType(a.blob)).toBe('ssh-ed25519');
  });

  it('matches names, [host]:port, wildcards and negations', () => {
    expect(hostsMatch('web1,10.0.0.1', '10.0.0.1')).toBe(true);
    expect(hostsMatch('[10.0.0.1]:2222', '[10.0.0.1]:2222')).toBe(true);
    expect(hostsMatch('10.0.0.1', '[10.0.0.1]:2222')).toBe(false);
    expect(hostsMatch('*.example.com', 'db.example.com')).toBe(true);
    expect(hostsMatch('*.example.com,!db.example.com', 'db.example.com')).toBe(false);
    expect(hostsMatch('web?', 'web1')).toBe(true);
    expect(hostsMatch('web?', 'web12')).toBe(false);
  });

  it('reads hashed names as ssh-keygen -H writes them', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `[127.0.0.5]:2200 ${a.type} ${a.base64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const keys = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(keys[0]?.hosts).toMatch(/^\|1\|/);
    expect(verifyHostKey(keys, '127.0.0.5', 2200, a.blob)).toEqual({ ok: true });
    expect(verifyHostKey(keys, '127.0.0.5', 22, a.blob)).toMatchObject({ reason: 'unknown' });
  });

  it('tells known, changed, unknown and revoked keys apart, with fingerprints', () => {
    const keys = parseKnownHosts(
      [
        '# comment',
        `host1 ${a.type} ${a.base64}`,
        `@cert-authority *.ca ${b.type} ${b.base64}`,
        `@revoked host3 ${b.type} ${b.base64}`,
        `host3 ${a.type} ${a.base64}`,
      ].join('\n'),
    );
    expect(verifyHostKey(keys, 'host1', 22, a.blob)).toEqual({ ok: true });
    const changed = verifyHostKey(keys, 'host1', 22, b.blob);
    expect(changed).toMatchObject({ ok: false, reason: 'changed' });
    expect(!changed.ok && changed.message).toContain(fingerprint(b.blob));
    expect(!changed.ok && changed.message).toContain(`${fingerprint(a.blob)} (line 2)`);
    expect(verifyHostKey(keys, 'host2', 22, a.blob)).toMatchObject({ reason: 'unknown' });
    // A host known only through a CA is unknown: certificates are not supported.
    expect(verifyHostKey(keys, 'x.ca', 22, b.blob)).toMatchObject({ reason: 'unknown' });
    expect(verifyHostKey(keys, 'host3', 22, b.blob)).toMatchObject({ reason: 'revoked' });
  });

  it('offers a host the algorithms of the key types recorded for it', () => {
    const rsaLine = `host1 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==`;
    const keys = parseKnownHosts(`host1 ${a.type} ${a.base64}\n${rsaLine}\n`);
    expect(hostKeyAlgorithms(keys, 'host1', 22)).toEqual([
      'ssh-ed25519',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(hostKeyAlgorithms(keys, 'other', 22)).toEqual([]);
  });
});

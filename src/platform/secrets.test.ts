import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSecretReference, readSecret, SecretError, secretReference } from './secrets.js';

const dir = mkdtempSync(join(tmpdir(), 'argus-secrets-'));
function secretFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('secret references', () => {
  it('parses env: and file: references', () => {
    expect(parseSecretReference('env:SNMP_COMMUNITY')).toEqual({
      kind: 'env',
      name: 'SNMP_COMMUNITY',
      text: 'env:SNMP_COMMUNITY',
    });
    expect(parseSecretReference('file:/run/secrets/token')).toMatchObject({
      kind: 'file',
      path: '/run/secrets/token',
    });
  });

  it('refuses anything else without repeating it (it may be a pasted secret)', () => {
    for (const bad of ['hunter2', 'env:', 'env:1ABC', 'env:A-B', 'file:relative/path', 'vault:x']) {
      expect(() => parseSecretReference(bad), bad).toThrow(SecretError);
    }
    try {
      parseSecretReference('hunter2');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('is a Zod field whose issue says what is expected', () => {
    expect(secretReference.safeParse('env:TOKEN').success).toBe(true);
    const result = secretReference.safeParse('public');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/env:NAME or file:/);
  });
});

describe('readSecret', () => {
  it('reads an environment variable, refusing unset and empty ones', async () => {
    const env = { TOKEN: 's3cret', EMPTY: '' };
    expect(await readSecret('env:TOKEN', { env })).toBe('s3cret');
    await expect(readSecret('env:MISSING', { env })).rejects.toThrow(
      /env:MISSING: the variable is not set/,
    );
    await expect(readSecret('env:EMPTY', { env })).rejects.toThrow(/empty/);
  });

  it('reads a file, dropping one trailing newline only', async () => {
    expect(await readSecret(`file:${secretFile('a', 'p@ss\n')}`)).toBe('p@ss');
    expect(await readSecret(`file:${secretFile('b', 'p@ss\r\n')}`)).toBe('p@ss');
    expect(await readSecret(`file:${secretFile('c', ' two\nlines \n\n')}`)).toBe(' two\nlines \n');
  });

  it('names the reference and the reason when a file cannot be used, never its content', async () => {
    await expect(readSecret(`file:${join(dir, 'absent')}`)).rejects.toThrow(
      /absent: cannot open: ENOENT/,
    );
    await expect(readSecret(`file:${secretFile('empty', '\n')}`)).rejects.toThrow(
      /the file is empty/,
    );
    const big = secretFile('big', Buffer.alloc(70 * 1024, 'x'));
    await expect(readSecret(`file:${big}`)).rejects.toThrow(/larger than 65536 bytes/);
    await expect(readSecret(`file:${dir}`)).rejects.toThrow(/cannot read: EISDIR/);
    if (process.getuid?.() !== 0) {
      const locked = secretFile('locked', 'topsecret');
      chmodSync(locked, 0o000);
      const error = await readSecret(`file:${locked}`).catch((e: Error) => e);
      expect(String(error)).toMatch(/EACCES/);
      expect(String(error)).not.toContain('topsecret');
    }
  });

  it('does not read forever from an endless file', async () => {
    await expect(readSecret('file:/dev/zero')).rejects.toThrow(/larger than/);
  });
});

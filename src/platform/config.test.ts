import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'argus-config-')), 'argus.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    const config = loadConfig({}, {}, '/nonexistent/argus.yaml');
    expect(config).toMatchObject({
      port: 7070,
      dataDir: './data',
      databaseUrl: '',
      publicRead: false,
      sessionTtlHours: 12,
    });
  });

  it('reads argus.yaml, and environment variables win over it', () => {
    const file = yamlFile('port: 8080\npublic_read: true\nldap:\n  url: ldap://dir:389\n');
    expect(loadConfig({}, {}, file)).toMatchObject({
      port: 8080,
      publicRead: true,
      ldapUrl: 'ldap://dir:389',
    });
    expect(loadConfig({}, { ARGUS_PORT: '9090', ARGUS_PUBLIC_READ: 'false' }, file)).toMatchObject({
      port: 9090,
      publicRead: false,
    });
    expect(loadConfig({ port: 1234 }, { ARGUS_PORT: '9090' }, file).port).toBe(1234);
  });

  it('names the setting and the reason for a bad value', () => {
    expect(() => loadConfig({}, { ARGUS_PORT: 'eighty' }, '/nonexistent')).toThrow(/ARGUS_PORT/);
    expect(() => loadConfig({}, { ARGUS_LOG_LEVEL: 'loud' }, '/nonexistent')).toThrow(ConfigError);
    expect(() => loadConfig({}, {}, yamlFile('- a\n- b\n'))).toThrow(/expected a mapping/);
  });
});

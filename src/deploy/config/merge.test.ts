import { describe, expect, it } from 'vitest';
import { Invalid } from '../../platform/errors.js';
import { parseConfigDocument } from './document.js';
import { mergeLayers } from './merge.js';
import { namesSecret } from './secrets.js';

const env = { source: 'environment dc-prod', document: {} as Record<string, unknown> };

function thrown(fn: () => unknown): Invalid {
  try {
    fn();
  } catch (error) {
    if (error instanceof Invalid) return error;
    throw error;
  }
  throw new Error('expected an Invalid error');
}

describe('deploy configuration merge', () => {
  it('applies environment < component (all environments) < component (this environment)', () => {
    const { config, sources } = mergeLayers([
      {
        ...env,
        document: { ssh: { user: 'deploy', port: 22 }, serial: 2, dirs: { app: '/srv' } },
      },
      {
        source: 'component api (all environments)',
        document: { ssh: { user: 'api' }, serial: 1, version: '1.0' },
      },
      { source: 'component api (dc-prod)', document: { ssh: { port: 2222 }, version: '2.0' } },
    ]);
    expect(config).toEqual({
      ssh: { user: 'api', port: 2222 },
      serial: 1,
      dirs: { app: '/srv' },
      version: '2.0',
    });
    expect(sources).toEqual({
      'ssh.user': 'component api (all environments)',
      'ssh.port': 'component api (dc-prod)',
      serial: 'component api (all environments)',
      'dirs.app': 'environment dc-prod',
      version: 'component api (dc-prod)',
    });
  });

  it('replaces arrays whole and records the array as one leaf', () => {
    const { config, sources } = mergeLayers([
      { ...env, document: { hosts: ['a', 'b', 'c'] } },
      { source: 'component', document: { hosts: ['d'] } },
    ]);
    expect(config.hosts).toEqual(['d']);
    expect(sources).toEqual({ hosts: 'component' });
  });

  it('lets a scalar replace a list and the reverse', () => {
    const { config } = mergeLayers([
      { ...env, document: { serial: [1, '50%'] } },
      { source: 'component', document: { serial: 3 } },
    ]);
    expect(config.serial).toBe(3);
  });

  it('refuses an object meeting a scalar, naming the path and both sources', () => {
    const error = thrown(() =>
      mergeLayers([
        { ...env, document: { ssh: { user: 'deploy' } } },
        { source: 'component api (dc-prod)', document: { ssh: 'root' } },
      ]),
    );
    expect(error.problems).toEqual([
      {
        field: 'ssh',
        reason: 'environment dc-prod sets a mapping, component api (dc-prod) sets a value',
      },
    ]);
    const deep = thrown(() =>
      mergeLayers([
        { ...env, document: { dirs: { app: '/srv' } } },
        { source: 'component', document: { dirs: { app: { root: '/x' } } } },
      ]),
    );
    expect(deep.problems[0]!.field).toBe('dirs.app');
    expect(deep.problems[0]!.reason).toContain('environment dc-prod sets a value');
  });

  it('forgets the sources of an object a later layer replaced', () => {
    const { sources } = mergeLayers([
      { ...env, document: { canary: { http: ['x'], window: 5 } } },
      { source: 'component', document: { canary: { http: ['y'] } } },
    ]);
    expect(sources).toEqual({ 'canary.http': 'component', 'canary.window': 'environment dc-prod' });
  });

  it('does not change the layers it merges', () => {
    const base = { ssh: { user: 'deploy' } };
    mergeLayers([
      { ...env, document: base },
      { source: 'component', document: { ssh: { port: 1 } } },
    ]);
    expect(base).toEqual({ ssh: { user: 'deploy' } });
  });
});

describe('configuration documents', () => {
  it('parses a YAML mapping and an empty document', () => {
    expect(parseConfigDocument('ssh:\n  user: deploy # who\n')).toEqual({
      ssh: { user: 'deploy' },
    });
    expect(parseConfigDocument('')).toEqual({});
  });

  it('refuses bad YAML and a document that is not a mapping, naming the field', () => {
    expect(thrown(() => parseConfigDocument('a: [1,', 'config')).problems[0]!.field).toBe('config');
    expect(thrown(() => parseConfigDocument('- a\n- b')).problems[0]!.reason).toContain('mapping');
  });

  it('accepts secret references and refuses literals under secret-named keys without echoing them', () => {
    expect(
      parseConfigDocument('db:\n  password: env:DB_PASSWORD\napi_token: file:/etc/argus/t\n'),
    ).toBeTruthy();
    const error = thrown(() => parseConfigDocument('db:\n  password: hunter2\n'));
    expect(error.problems[0]!.field).toBe('config.db.password');
    expect(error.message).not.toContain('hunter2');
    expect(thrown(() => parseConfigDocument('secrets:\n  db: s3cret\n')).problems[0]!.field).toBe(
      'config.secrets.db',
    );
    expect(thrown(() => parseConfigDocument('apiKey: 12345\n')).problems[0]!.field).toBe(
      'config.apiKey',
    );
    expect(parseConfigDocument('ssh:\n  key_file: /home/argus/.ssh/id\n')).toBeTruthy();
  });

  it('names secrets by the last word of the key', () => {
    expect(
      ['password', 'db_password', 'apiToken', 'access-key', 'SECRET'].map(namesSecret),
    ).toEqual([true, true, true, true, true]);
    expect(['key_file', 'monkey', 'tokenizer', 'known_hosts'].map(namesSecret)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

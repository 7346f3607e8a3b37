import { describe, expect, it } from 'vitest';
import type { InventoryResource } from '../../inventory/contract.js';
import { Invalid } from '../../platform/errors.js';
import { CommandGuard } from '../guard/service.js';
import { batchesOf } from '../targets/settings.js';
import { buildPlan } from './plan-builder.js';

const none = { selectResources: async (): Promise<InventoryResource[]> => [] };
const deps = { inventory: none, guard: new CommandGuard() };
const config = {
  artifact_url: 'https://repo.example/app-{{version}}.tgz',
  dirs: { app: '/srv/app' },
  db: { password: 'env:DB_PASSWORD' },
  hosts: ['web1', 'web2:2222', 'web3'],
  serial: 2,
  ssh: { user: 'app', known_hosts: '/etc/argus/known_hosts' },
  actions: {
    deploy: [
      {
        name: 'fetch',
        command: 'curl -fsS -o /tmp/app.tgz https://repo.example/app-{{version}}.tgz',
      },
      { name: 'unpack', command: 'tar -xzf /tmp/app.tgz -C {{dirs.app}}' },
      { name: 'migrate', command: 'DB_PASSWORD={{db.password}} {{dirs.app}}/migrate' },
    ],
    restart: [{ name: 'restart', command: 'sudo systemctl restart app' }],
  },
};

async function refusal(fn: () => Promise<unknown>): Promise<Invalid> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Invalid) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('action plans', () => {
  it('substitutes variables, keeps secrets as references and batches the hosts', async () => {
    const plan = await buildPlan(config, { space: 'shop', action: 'deploy', version: '2.1' }, deps);
    expect(plan.steps.map((s) => s.command)).toEqual([
      'curl -fsS -o /tmp/app.tgz https://repo.example/app-2.1.tgz',
      'tar -xzf /tmp/app.tgz -C /srv/app',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the executor's secret placeholder
      'DB_PASSWORD=${secret:env:DB_PASSWORD} /srv/app/migrate',
    ]);
    expect(plan.hosts).toEqual([
      { host: 'web1', port: 22 },
      { host: 'web2', port: 2222 },
      { host: 'web3', port: 22 },
    ]);
    expect(plan.batches).toEqual([['web1', 'web2'], ['web3']]);
    expect(plan.ssh).toEqual({
      user: 'app',
      knownHosts: '/etc/argus/known_hosts',
      connectTimeoutSeconds: 10,
    });
    expect(plan).toMatchObject({
      parallelism: 1,
      retries: 0,
      onFailure: 'pause',
      abortPercent: null,
    });
    expect(plan.steps[0]!.timeoutSeconds).toBe(600);
  });

  it('narrows to the requested hosts and refuses one outside the targets', async () => {
    const plan = await buildPlan(
      config,
      { space: 'shop', action: 'restart', hosts: ['web3'] },
      deps,
    );
    expect(plan.batches).toEqual([['web3']]);
    const error = await refusal(() =>
      buildPlan(config, { space: 'shop', action: 'restart', hosts: ['web3', 'db9'] }, deps),
    );
    expect(error.problems[0]!.field).toBe('hosts[1]');
  });

  it('names a missing variable, an unknown action and an empty target list', async () => {
    const missing = await refusal(() =>
      buildPlan(config, { space: 'shop', action: 'deploy' }, deps),
    );
    expect(missing.problems[0]).toEqual({
      field: 'actions.deploy[0].command',
      reason: 'the command uses {{version}}, which the effective configuration does not set',
    });
    const unknown = await refusal(() =>
      buildPlan(config, { space: 'shop', action: 'drain' }, deps),
    );
    expect(unknown.problems[0]!.field).toBe('action');
    const empty = await refusal(() =>
      buildPlan({ ...config, hosts: [] }, { space: 'shop', action: 'restart' }, deps),
    );
    expect(empty.problems[0]!.field).toBe('hosts');
  });

  it('refuses a command the guard refuses, naming the step', async () => {
    const bad = { ...config, actions: { wipe: [{ name: 'wipe', command: 'rm -rf /' }] } };
    const error = await refusal(() => buildPlan(bad, { space: 'shop', action: 'wipe' }, deps));
    expect(error.problems[0]!.field).toBe('actions.wipe[0].command');
  });

  it('selects hosts from the inventory by their endpoints', async () => {
    const inventory = {
      selectResources: async (filter: string | undefined) => {
        expect(filter).toBe("resource_class = 'system'");
        return [{ id: 'r1', resource_endpoint: '10.0.0.5' } as InventoryResource];
      },
    };
    const plan = await buildPlan(
      { ...config, hosts: undefined, targets: { filter: "resource_class = 'system'" } },
      { space: 'shop', action: 'restart' },
      { inventory, guard: new CommandGuard() },
    );
    expect(plan.hosts).toEqual([{ host: '10.0.0.5', port: 22, resourceId: 'r1' }]);
  });

  it('reads serial as a count, a percentage or a list whose last size repeats', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e'];
    expect(batchesOf(hosts, undefined)).toEqual([hosts]);
    expect(batchesOf(hosts, '40%')).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(batchesOf(hosts, [1, 3])).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });
});

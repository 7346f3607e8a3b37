import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeployRunner } from '../../src/deploy/runner/runner.js';
import { type Database, openDatabase } from '../../src/platform/db.js';
import { postgresAdminUrl } from '../helpers/engines.js';
import { sshFleetForThisFile } from '../helpers/sshd.js';
import {
  actionRow,
  createOwner,
  hostRows,
  insertAction,
  planFor,
  step,
  stepRows,
} from './deploy-fixtures.js';

/**
 * An Argus process killed (SIGKILL) mid-action: its runner in a child process on a temporary
 * PostgreSQL database, killed while one host is in its second step and another has finished;
 * the next runner marks the action interrupted once the lease lapsed, keeping what each host did.
 */
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });
const root = resolve(import.meta.dirname, '../..');
const childScript = join(import.meta.dirname, 'deploy-runner-child.ts');
const fleet = sshFleetForThisFile({ hosts: 2 });

async function asAdmin(statement: string) {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

const name = `argus_deploy_${randomBytes(5).toString('hex')}`;
const url = new URL(postgresAdminUrl);
url.pathname = `/${name}`;
let database: Database;
let child: ChildProcess | undefined;
let childOutput = '';

beforeAll(async () => {
  await asAdmin(`CREATE DATABASE ${name}`);
  database = await openDatabase({ url: url.toString() });
  await database.migrate();
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await database?.close();
  await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('deploy runner in a process killed mid-action', () => {
  it('marks the action and its running host interrupted, last completed step kept', async () => {
    const f = fleet();
    const [fast, slow] = f.hosts as [(typeof f.hosts)[0], (typeof f.hosts)[0]];
    const owner = await createOwner(database.db);
    const id = await insertAction(
      database.db,
      owner,
      planFor(
        f,
        [[fast, slow]],
        [
          step('one', 'echo one'),
          step('two', `case "$SSH_CONNECTION" in *" ${slow.address} "*) sleep 120;; esac`),
          step('three', 'echo three'),
        ],
      ),
    );
    child = spawn(process.execPath, ['--import', 'tsx', childScript], {
      cwd: root,
      env: { ...process.env, ARGUS_DATABASE_URL: url.toString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('error', (error) => {
      childOutput += `spawn error: ${error.message}\n`;
    });
    child.stdout!.on('data', (chunk) => {
      childOutput += String(chunk);
    });
    child.stderr!.on('data', (chunk) => {
      childOutput += String(chunk);
    });

    // The fast host done, the slow one inside step two.
    await expect
      .poll(
        async () => {
          const hosts = Object.fromEntries(
            (await hostRows(database.db, id)).map((r) => [r.host, r]),
          );
          return `${hosts[fast.address]?.state}/${hosts[slow.address]?.lastCompletedStep}`;
        },
        { timeout: 240_000, interval: 250 },
      )
      .toBe('succeeded/0');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    expect((await actionRow(database.db, id)).state, childOutput).toBe('running');

    const runner = new DeployRunner(database.db, { pollMs: 500, heartbeatMs: 500 });
    runner.start();
    try {
      await expect
        .poll(async () => (await actionRow(database.db, id)).state, {
          timeout: 120_000,
          interval: 250,
        })
        .toBe('interrupted');
    } finally {
      await runner.stop();
    }
    const action = await actionRow(database.db, id);
    expect(action.error).toMatch(/lease lapsed/);
    const hosts = Object.fromEntries((await hostRows(database.db, id)).map((r) => [r.host, r]));
    expect(hosts[fast.address]).toMatchObject({ state: 'succeeded', lastCompletedStep: 2 });
    expect(hosts[slow.address]).toMatchObject({ state: 'interrupted', lastCompletedStep: 0 });
    const steps = (await stepRows(database.db, id)).filter((s) => s.host === slow.address);
    expect(steps.map((s) => [s.step, s.state])).toEqual(
      expect.arrayContaining([
        [0, 'succeeded'],
        [1, 'interrupted'],
      ]),
    );
    expect(steps).toHaveLength(2);
  });
});

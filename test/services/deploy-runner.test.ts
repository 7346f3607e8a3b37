import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeployRunner } from '../../src/deploy/runner/runner.js';
import { deployActions, deployedVersions } from '../../src/deploy/schema.js';
import type { Database } from '../../src/platform/db.js';
import { openTestDatabase } from '../helpers/database.js';
import type { SshTestHost } from '../helpers/sshd.js';
import { sshFleetForThisFile } from '../helpers/sshd.js';
import {
  actionRow,
  createOwner,
  hostRows,
  insertAction,
  logRows,
  type Owner,
  planFor,
  step,
  stepRows,
} from './deploy-fixtures.js';

/**
 * The deploy runner against 20 real sshd hosts (test/helpers/sshd.ts) and a test database:
 * actions are inserted as queued rows with a plan (deploy-fixtures.ts). Every host runs on this
 * machine, so a command tells hosts apart by the server address in $SSH_CONNECTION.
 */
// 20 sshd processes and 60 SSH steps on 2 loaded cores: minutes, not the default seconds.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });
const fleet = sshFleetForThisFile({ hosts: 20 });
let database: Database;
let owner: Owner;
let scratch: string;
const runners: DeployRunner[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  owner = await createOwner(database.db);
  scratch = await mkdtemp(join(tmpdir(), 'argus-deploy-runner-'));
});
afterAll(async () => {
  await database?.close();
  await rm(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

function startRunner(): DeployRunner {
  const runner = new DeployRunner(database.db, { pollMs: 500, heartbeatMs: 300 });
  runners.push(runner);
  runner.start();
  return runner;
}

/** Waits (generously: 2 loaded cores) for the action to reach one of `states`. */
async function settled(id: string, states = ['succeeded', 'failed', 'cancelled']) {
  await expect
    .poll(async () => (await actionRow(database.db, id)).state, { timeout: 240_000, interval: 250 })
    .toSatisfy((s: string) => states.includes(s));
  return actionRow(database.db, id);
}

/** A shell test true on the host at `address` (the server side of $SSH_CONNECTION). */
const on = (h: SshTestHost) =>
  `case "$SSH_CONNECTION" in *" ${h.address} "*) true;; *) false;; esac`;

describe('deploy runner (20 sshd hosts)', () => {
  it('runs 3 steps on 20 hosts in batches [1, 10%, 50%, 100%], recording hosts, steps and logs', async () => {
    const f = fleet();
    const h = f.hosts;
    const batches = [h.slice(0, 1), h.slice(1, 3), h.slice(3, 10), h.slice(10)];
    const id = await insertAction(
      database.db,
      owner,
      planFor(f, batches, [
        step('prepare', `echo "prepare on $(echo $SSH_CONNECTION | cut -d' ' -f3)"`),
        step('install', 'echo installing >&2'),
        step('verify', 'echo ok'),
      ]),
      { version: '2.0.0' },
    );
    const before = h.map((x) => x.log().match(/Accepted publickey/g)?.length ?? 0);
    startRunner();
    const action = await settled(id);
    expect(action.error).toBeNull();
    expect(action.state).toBe('succeeded');

    const hosts = await hostRows(database.db, id);
    expect(hosts).toHaveLength(20);
    for (const row of hosts) {
      expect(row).toMatchObject({ state: 'succeeded', lastCompletedStep: 2, attempts: 1 });
    }
    // Batches in order: every host of a batch starts after every host of the one before ended.
    for (let b = 1; b < batches.length; b++) {
      const previousEnd = Math.max(
        ...hosts.filter((r) => r.batch === b - 1).map((r) => r.finishedAt!.getTime()),
      );
      const start = Math.min(
        ...hosts.filter((r) => r.batch === b).map((r) => r.startedAt!.getTime()),
      );
      expect(start).toBeGreaterThanOrEqual(previousEnd);
    }
    const steps = await stepRows(database.db, id);
    expect(steps).toHaveLength(60);
    expect(steps.every((s) => s.state === 'succeeded' && s.exitCode === 0)).toBe(true);

    const logs = await logRows(database.db, id);
    for (const host of h) {
      expect(logs).toContainEqual(
        expect.objectContaining({
          host: host.address,
          step: 0,
          stream: 'stdout',
          line: `prepare on ${host.address}`,
        }),
      );
      expect(logs).toContainEqual(
        expect.objectContaining({
          host: host.address,
          step: 1,
          stream: 'stderr',
          line: 'installing',
        }),
      );
    }
    // One connection per host for the three steps.
    h.forEach((host, i) => {
      expect((host.log().match(/Accepted publickey/g)?.length ?? 0) - before[i]!).toBe(1);
    });
    const versions = await database.db
      .select()
      .from(deployedVersions)
      .where(eq(deployedVersions.actionId, id));
    expect(versions).toHaveLength(20);
    expect(versions.every((v) => v.version === '2.0.0')).toBe(true);
  });

  it('stops at a batch whose failed hosts reach the abort percentage', async () => {
    const f = fleet();
    const h = f.hosts;
    const id = await insertAction(
      database.db,
      owner,
      planFor(
        f,
        [[h[0]!], [h[1]!, h[2]!, h[3]!], [h[4]!]],
        [step('one', 'echo one'), step('two', `if ${on(h[1]!)} || ${on(h[2]!)}; then exit 5; fi`)],
        { abortPercent: 50, onFailure: 'continue' },
      ),
      { action: 'restart' },
    );
    startRunner();
    const action = await settled(id);
    expect(action.state).toBe('failed');
    expect(action.error).toMatch(/batch 2: 2 of 3 hosts failed \(abort at 50%\)/);
    const hosts = Object.fromEntries((await hostRows(database.db, id)).map((r) => [r.host, r]));
    expect(hosts[h[1]!.address]).toMatchObject({ state: 'failed', lastCompletedStep: 0 });
    expect(hosts[h[1]!.address]!.error).toMatch(/step 2 two: exit code 5/);
    expect(hosts[h[3]!.address]).toMatchObject({ state: 'succeeded', lastCompletedStep: 1 });
    // The third batch never started.
    expect(hosts[h[4]!.address]).toMatchObject({
      state: 'pending',
      lastCompletedStep: -1,
      attempts: 0,
    });
  });

  it('retries a failed host and succeeds on the second attempt, from the failed step', async () => {
    const f = fleet();
    const host = f.hosts[5]!;
    const flag = join(scratch, 'retry-flag');
    const id = await insertAction(
      database.db,
      owner,
      planFor(
        f,
        [[host]],
        [
          step('first', `echo first >> ${join(scratch, 'first-runs')}`),
          step('flaky', `if [ -e ${flag} ]; then echo second try; else touch ${flag}; exit 1; fi`),
        ],
        { retries: 1 },
      ),
    );
    startRunner();
    const action = await settled(id);
    expect(action.state).toBe('succeeded');
    const [row] = await hostRows(database.db, id);
    expect(row).toMatchObject({ state: 'succeeded', attempts: 2, lastCompletedStep: 1 });
    // The retry resumed at the failed step: the first step ran once.
    expect((await readFile(join(scratch, 'first-runs'), 'utf8')).trim().split('\n')).toHaveLength(
      1,
    );
    const logs = await logRows(database.db, id);
    expect(logs.map((l) => l.line)).toContain('retry 1 of 1');
    expect(logs.map((l) => l.line)).toContain('second try');
  });

  it('cancel finish: the running step finishes, no new step starts', async () => {
    const f = fleet();
    const host = f.hosts[6]!;
    const id = await insertAction(
      database.db,
      owner,
      planFor(f, [[host]], [step('slow', 'sleep 4; echo slept'), step('next', 'echo never')]),
    );
    startRunner();
    await expect
      .poll(async () => (await stepRows(database.db, id)).length, {
        timeout: 120_000,
        interval: 200,
      })
      .toBe(1);
    await database.db
      .update(deployActions)
      .set({ cancelMode: 'finish' })
      .where(eq(deployActions.id, id));
    const action = await settled(id);
    expect(action.state).toBe('cancelled');
    const steps = await stepRows(database.db, id);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ state: 'succeeded', exitCode: 0 });
    const [row] = await hostRows(database.db, id);
    expect(row).toMatchObject({ state: 'cancelled', lastCompletedStep: 0 });
  });

  it('cancel kill: the running step is killed', async () => {
    const f = fleet();
    const host = f.hosts[7]!;
    const id = await insertAction(
      database.db,
      owner,
      planFor(
        f,
        [[host]],
        [step('forever', 'echo started; sleep 300'), step('next', 'echo never')],
      ),
    );
    startRunner();
    await expect
      .poll(async () => (await logRows(database.db, id)).some((l) => l.line === 'started'), {
        timeout: 120_000,
        interval: 200,
      })
      .toBe(true);
    const asked = Date.now();
    await database.db
      .update(deployActions)
      .set({ cancelMode: 'kill' })
      .where(eq(deployActions.id, id));
    const action = await settled(id);
    expect(action.state).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(60_000);
    const steps = await stepRows(database.db, id);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ state: 'failed', exitCode: null });
    const [row] = await hostRows(database.db, id);
    expect(row).toMatchObject({ state: 'cancelled', lastCompletedStep: -1 });
  });

  it('a queued action on hosts another action holds waits, then runs; past its deadline it fails', async () => {
    const f = fleet();
    const host = f.hosts[8]!;
    const first = await insertAction(
      database.db,
      owner,
      planFor(f, [[host]], [step('hold', 'sleep 3')]),
    );
    startRunner();
    await expect
      .poll(async () => (await actionRow(database.db, first)).state, {
        timeout: 120_000,
        interval: 100,
      })
      .toBe('running');
    const second = await insertAction(
      database.db,
      owner,
      planFor(f, [[host]], [step('after', 'echo after')]),
    );
    const late = await insertAction(
      database.db,
      owner,
      planFor(f, [[host]], [step('late', 'echo late')]),
      {
        queueDeadline: new Date(Date.now() + 1000),
      },
    );
    await expect
      .poll(async () => (await actionRow(database.db, late)).state, {
        timeout: 120_000,
        interval: 200,
      })
      .toBe('failed');
    expect((await actionRow(database.db, late)).error).toMatch(
      /still queued at its queue deadline/,
    );
    expect((await actionRow(database.db, first)).state).toBe('running');
    expect((await actionRow(database.db, second)).state).toBe('queued');
    const done = await settled(second);
    expect(done.state).toBe('succeeded');
    const held = await actionRow(database.db, first);
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(held.finishedAt!.getTime());
  });
});

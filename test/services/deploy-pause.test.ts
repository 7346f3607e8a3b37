import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeployRunner } from '../../src/deploy/runner/runner.js';
import { deployActions } from '../../src/deploy/schema.js';
import type { Database } from '../../src/platform/db.js';
import { openTestDatabase } from '../helpers/database.js';
import { sshFleetForThisFile } from '../helpers/sshd.js';
import {
  actionRow,
  createOwner,
  hostRows,
  insertAction,
  planFor,
  step,
} from './deploy-fixtures.js';

/**
 * on_failure pause: the runner sets the action paused with what failed and waits for a decision
 * written into `pause.decision` (as the API does): retry runs the failed hosts again, skip marks
 * them skipped and goes on.
 */
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });
const fleet = sshFleetForThisFile({ hosts: 2 });
let database: Database;
let scratch: string;
let runner: DeployRunner;

beforeAll(async () => {
  database = await openTestDatabase();
  scratch = await mkdtemp(join(tmpdir(), 'argus-deploy-pause-'));
  runner = new DeployRunner(database.db, { pollMs: 500, heartbeatMs: 300 });
  runner.start();
});
afterAll(async () => {
  await runner?.stop();
  await database?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function pausedWith(id: string) {
  await expect
    .poll(async () => (await actionRow(database.db, id)).state, { timeout: 240_000, interval: 250 })
    .toBe('paused');
  return (await actionRow(database.db, id)).pause;
}

async function decide(id: string, decision: string) {
  const { pause } = await actionRow(database.db, id);
  await database.db
    .update(deployActions)
    .set({ pause: { ...pause, decision } })
    .where(eq(deployActions.id, id));
}

async function finished(id: string) {
  await expect
    .poll(async () => (await actionRow(database.db, id)).state, { timeout: 240_000, interval: 250 })
    .toSatisfy((s: string) => ['succeeded', 'failed', 'cancelled'].includes(s));
  return actionRow(database.db, id);
}

describe('deploy runner: pause on failure', () => {
  it('pauses, then retry runs the failed host again', async () => {
    const f = fleet();
    const host = f.hosts[0]!;
    const flag = join(scratch, 'flag');
    const owner = await createOwner(database.db);
    const id = await insertAction(
      database.db,
      owner,
      planFor(
        f,
        [[host]],
        [step('flaky', `if [ -e ${flag} ]; then echo ok; else touch ${flag}; exit 4; fi`)],
        {
          onFailure: 'pause',
        },
      ),
    );
    expect(await pausedWith(id)).toEqual({
      id: expect.any(String),
      batch: 0,
      failedHosts: [host.address],
      choices: ['retry', 'skip', 'abort'],
    });
    await decide(id, 'retry');
    const action = await finished(id);
    expect(action.state).toBe('succeeded');
    expect(action.pause).toBeNull();
    const [row] = await hostRows(database.db, id);
    expect(row).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('skip marks the failed host skipped and goes on to the next batch', async () => {
    const f = fleet();
    const [bad, good] = [f.hosts[0]!, f.hosts[1]!];
    const owner = await createOwner(database.db);
    const id = await insertAction(
      database.db,
      owner,
      planFor(
        f,
        [[bad], [good]],
        [step('only-second', `case "$SSH_CONNECTION" in *" ${bad.address} "*) exit 1;; esac`)],
        { onFailure: 'pause' },
      ),
    );
    await pausedWith(id);
    await decide(id, 'skip');
    const action = await finished(id);
    expect(action.state).toBe('succeeded');
    const hosts = Object.fromEntries(
      (await hostRows(database.db, id)).map((r) => [r.host, r.state]),
    );
    expect(hosts).toEqual({ [bad.address]: 'skipped', [good.address]: 'succeeded' });
  });
});

import { eq } from 'drizzle-orm';
import { components } from '../../src/catalog/schema.js';
import type { ActionPlan, PlannedStep } from '../../src/deploy/plan.js';
import {
  deployActionHosts,
  deployActions,
  deployLogs,
  deployStepRuns,
  environments,
  spaces,
} from '../../src/deploy/schema.js';
import type { Db } from '../../src/platform/db.js';
import type { SshFleet, SshTestHost } from '../helpers/sshd.js';

/**
 * Queued actions for the runner tests, inserted as rows with a plan (the request side's service
 * does the same after its checks; these tests exercise the runner, not the request).
 */

export interface Owner {
  spaceId: string;
  componentId: string;
  environmentId: string;
}

export async function createOwner(db: Db): Promise<Owner> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const [space] = await db
    .insert(spaces)
    .values({ name: `deploy-${suffix}` })
    .returning();
  const [component] = await db
    .insert(components)
    .values({ name: `svc-${suffix}` })
    .returning();
  const [environment] = await db
    .insert(environments)
    .values({ spaceId: space!.id, name: 'staging' })
    .returning();
  return { spaceId: space!.id, componentId: component!.id, environmentId: environment!.id };
}

export function step(name: string, command: string, timeoutSeconds = 120): PlannedStep {
  return { name, command, timeoutSeconds };
}

export function planFor(
  fleet: SshFleet,
  batches: SshTestHost[][],
  steps: PlannedStep[],
  overrides: Partial<ActionPlan> = {},
): ActionPlan {
  const hosts = batches.flat();
  return {
    hosts: hosts.map((h) => ({ host: h.address, port: h.port })),
    batches: batches.map((b) => b.map((h) => h.address)),
    steps,
    ssh: {
      user: fleet.user,
      keyFile: fleet.keyFile,
      knownHosts: fleet.knownHostsFile,
      connectTimeoutSeconds: 60,
    },
    parallelism: 10,
    abortPercent: null,
    retries: 0,
    onFailure: 'abort',
    variables: {},
    ...overrides,
  };
}

export async function insertAction(
  db: Db,
  owner: Owner,
  plan: ActionPlan,
  options: { action?: string; version?: string; queueDeadline?: Date } = {},
): Promise<string> {
  const [row] = await db
    .insert(deployActions)
    .values({
      spaceId: owner.spaceId,
      componentId: owner.componentId,
      environmentId: owner.environmentId,
      action: options.action ?? 'deploy',
      version: options.version ?? '1.2.3',
      reason: 'test',
      queueDeadline: options.queueDeadline ?? new Date(Date.now() + 3_600_000),
      plan: plan as unknown as Record<string, unknown>,
    })
    .returning();
  await db
    .insert(deployActionHosts)
    .values(
      plan.batches
        .flatMap((batch, b) =>
          batch.map((host) => ({ actionId: row!.id, host, batch: b, position: 0 })),
        )
        .map((h, position) => ({ ...h, position })),
    );
  return row!.id;
}

export async function actionRow(db: Db, id: string) {
  const [row] = await db.select().from(deployActions).where(eq(deployActions.id, id));
  return row!;
}

export async function hostRows(db: Db, id: string) {
  return db.select().from(deployActionHosts).where(eq(deployActionHosts.actionId, id));
}

export async function stepRows(db: Db, id: string) {
  return db.select().from(deployStepRuns).where(eq(deployStepRuns.actionId, id));
}

export async function logRows(db: Db, id: string) {
  return db.select().from(deployLogs).where(eq(deployLogs.actionId, id)).orderBy(deployLogs.id);
}

import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { components, teams } from '../catalog/schema.js';
import { people } from '../platform/auth/schema.js';

/**
 * Deployments (PRODUCT 8): spaces and their members, environments and deploy configurations,
 * and actions run as claimed rows (so an action survives a restart of Argus, or is marked
 * interrupted with what each host had done), their hosts, steps and logs.
 */

export const SPACE_ROLES = ['viewer', 'operator', 'admin'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];
export const spaceRole = pgEnum('space_role', SPACE_ROLES);

/** A line of business. Components belong to one by name (components.space). */
export const spaces = pgTable('spaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  title: text('title').notNull().default(''),
  description: text('description').notNull().default(''),
  /** The command guard's policy for this space (rules off or on, extra patterns, exceptions). */
  guardPolicy: jsonb('guard_policy').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A person or a team (every member of it) with a role in a space. */
export const spaceMembers = pgTable(
  'space_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    role: spaceRole('role').notNull(),
  },
  (t) => [
    check('space_members_one_principal', sql`(${t.personId} IS NULL) <> (${t.teamId} IS NULL)`),
    uniqueIndex('space_members_person_key')
      .on(t.spaceId, t.personId)
      .where(sql`${t.personId} IS NOT NULL`),
    uniqueIndex('space_members_team_key')
      .on(t.spaceId, t.teamId)
      .where(sql`${t.teamId} IS NOT NULL`),
  ],
);

/** An environment of a space (dc-prod, dc-staging) with its configuration document. */
export const environments = pgTable(
  'environments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    /** A deploy here needs the component version's mandatory sign-off (PRODUCT 2). */
    production: boolean('production').notNull().default(false),
    /** The YAML as written (comments kept) and as parsed. */
    configSource: text('config_source').notNull().default(''),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('environments_space_name_key').on(t.spaceId, t.name)],
);

/**
 * A component's deploy configuration: for every environment (environment_id NULL) or for one;
 * merged over the environment's document in a documented order.
 */
export const componentDeployConfigs = pgTable(
  'component_deploy_configs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    environmentId: uuid('environment_id').references(() => environments.id, {
      onDelete: 'cascade',
    }),
    configSource: text('config_source').notNull().default(''),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('component_deploy_configs_key').on(
      t.componentId,
      sql`coalesce(${t.environmentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

export const ACTION_STATES = [
  'queued',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export const actionState = pgEnum('deploy_action_state', ACTION_STATES);

/**
 * An action request and its run. A worker claims a queued row whose countdown has passed and
 * whose hosts no running action holds, and keeps `lease_until` fresh while it runs; a row still
 * `running` with a lapsed lease belonged to a process that died: it becomes `interrupted`.
 */
export const deployActions = pgTable(
  'deploy_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    environmentId: uuid('environment_id')
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    /** deploy, restart, rollback, stop, start, or a custom action's name. */
    action: text('action').notNull(),
    version: text('version'),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').references(() => people.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** Not before this (the request's countdown). */
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    /** A queued action still waiting for its hosts at this time fails instead of waiting on. */
    queueDeadline: timestamp('queue_deadline', { withTimezone: true }).notNull(),
    state: actionState('state').notNull().default('queued'),
    /** What runs, fixed at request time: hosts, batches, steps with their commands (the dry run). */
    plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
    /** An admin's reason for deploying to production without the sign-off. */
    gateOverride: text('gate_override'),
    cancelMode: text('cancel_mode', { enum: ['finish', 'kill'] }),
    cancelledBy: uuid('cancelled_by').references(() => people.id, { onDelete: 'set null' }),
    /** Set while paused on a failure: what failed and the choices (retry, skip, abort). */
    pause: jsonb('pause').$type<Record<string, unknown>>(),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    index('deploy_actions_space_idx').on(t.spaceId, t.requestedAt),
    index('deploy_actions_state_idx').on(t.state, t.notBefore),
    index('deploy_actions_component_idx').on(t.componentId, t.requestedAt),
  ],
);

export const HOST_STATES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'interrupted',
] as const;
export type HostState = (typeof HOST_STATES)[number];
export const hostState = pgEnum('deploy_host_state', HOST_STATES);

/** Each host of an action: its batch, state, attempts and the last step it completed. */
export const deployActionHosts = pgTable(
  'deploy_action_hosts',
  {
    actionId: uuid('action_id')
      .notNull()
      .references(() => deployActions.id, { onDelete: 'cascade' }),
    /** The address or name reached over SSH. */
    host: text('host').notNull(),
    position: integer('position').notNull(),
    batch: integer('batch').notNull(),
    state: hostState('state').notNull().default('pending'),
    /** -1 before the first step. */
    lastCompletedStep: integer('last_completed_step').notNull().default(-1),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.host] })],
);

/** Each step on each host: state and exit code. */
export const deployStepRuns = pgTable(
  'deploy_step_runs',
  {
    actionId: uuid('action_id')
      .notNull()
      .references(() => deployActions.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    step: integer('step').notNull(),
    state: hostState('state').notNull().default('pending'),
    exitCode: smallint('exit_code'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.host, t.step] })],
);

/** Output lines, per host and step; the id is the offset a reader resumes from. */
export const deployLogs = pgTable(
  'deploy_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => deployActions.id, { onDelete: 'cascade' }),
    host: text('host'),
    step: integer('step'),
    stream: text('stream', { enum: ['stdout', 'stderr', 'system'] }).notNull(),
    line: text('line').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deploy_logs_action_idx').on(t.actionId, t.id)],
);

/** The version each host of an environment runs, as the last successful deploy left it. */
export const deployedVersions = pgTable(
  'deployed_versions',
  {
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    environmentId: uuid('environment_id')
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    version: text('version').notNull(),
    actionId: uuid('action_id').references(() => deployActions.id, { onDelete: 'set null' }),
    deployedAt: timestamp('deployed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.componentId, t.environmentId, t.host] })],
);

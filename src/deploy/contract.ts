import { z } from 'zod';
import { EntityName } from '../catalog/contract.js';
import { SPACE_ROLES } from './schema.js';

/**
 * API shapes of deployments (PRODUCT 8): spaces and members, environments and component deploy
 * configurations. Shared by the routes, the OpenAPI document, the CLI and the web client. Spaces
 * and environments are named by their names (lower-case slugs) in every path and body.
 */

const Title = z.string().trim().max(200);
const Description = z.string().max(10_000);
/** A configuration document as written: YAML (JSON is YAML too), at most 256 KiB. */
const ConfigSource = z
  .string()
  .max(256 * 1024)
  .describe('YAML document');

export const SpaceParams = z.object({ space: EntityName });
export const EnvironmentParams = SpaceParams.extend({ environment: EntityName });
export const ComponentConfigParams = SpaceParams.extend({
  component: z.string().min(1).max(200).describe('component name, or namespace/name'),
});

export const SpaceRights = z.object({
  read: z.boolean(),
  operate: z.boolean(),
  administer: z.boolean(),
});

export const SpaceCreate = z.strictObject({
  name: EntityName,
  title: Title.optional(),
  description: Description.optional(),
});
export const SpacePatch = SpaceCreate.omit({ name: true }).partial();

export const Space = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  /** The caller's role; null for an Argus admin who is no member. */
  role: z.enum(SPACE_ROLES).nullable(),
  may: SpaceRights,
});
export type Space = z.infer<typeof Space>;
export const SpaceList = z.object({ items: z.array(Space), total: z.number().int() });

/** A member: exactly one of person (username) or team (name). */
export const Member = z
  .strictObject({
    person: z.string().min(1).max(200).optional(),
    team: z.string().min(1).max(200).optional(),
    role: z.enum(SPACE_ROLES),
  })
  .refine((m) => (m.person === undefined) !== (m.team === undefined), {
    message: 'name exactly one of person or team',
    path: ['person'],
  });
export type Member = z.infer<typeof Member>;
export const Members = z.object({ members: z.array(Member).max(10_000) });

export const EnvironmentInput = z.strictObject({
  title: Title.optional(),
  /** A deploy here needs the component version's mandatory sign-off. */
  production: z.boolean().optional(),
  config: ConfigSource.optional(),
});
export type EnvironmentInput = z.infer<typeof EnvironmentInput>;

export const Environment = z.object({
  name: z.string(),
  title: z.string(),
  production: z.boolean(),
  /** The document as written, comments kept. */
  config: z.string(),
  parsed: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type Environment = z.infer<typeof Environment>;
export const EnvironmentList = z.object({ items: z.array(Environment), total: z.number().int() });

export const ComponentConfigQuery = z.object({
  environment: EntityName.optional().describe('absent: the configuration for all environments'),
});
export const ComponentConfigInput = z.strictObject({ config: ConfigSource });
export const ComponentConfig = z.object({
  component: z.string().describe('component:<namespace>/<name>'),
  environment: z.string().nullable(),
  config: z.string(),
  parsed: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type ComponentConfig = z.infer<typeof ComponentConfig>;
export const ComponentConfigList = z.object({ items: z.array(ComponentConfig) });

export const EffectiveQuery = z.object({
  component: z.string().min(1).max(200).describe('component name, or namespace/name'),
});
export const EffectiveConfig = z.object({
  component: z.string(),
  environment: z.string(),
  /** The layers, earliest first: the later wins. */
  layers: z.array(z.string()),
  config: z.record(z.string(), z.unknown()),
  /** Per leaf path: the layer its value came from. */
  sources: z.record(z.string(), z.string()),
});
export type EffectiveConfig = z.infer<typeof EffectiveConfig>;

export const ActionDryRun = z.strictObject({
  component: z.string().min(1).max(200).describe('component name, or namespace/name'),
  environment: EntityName,
  action: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .default('deploy')
    .describe('deploy, restart, rollback, stop, start or a custom action of the configuration'),
  hosts: z.array(z.string().min(1).max(255)).max(10_000).optional().describe('some of the targets'),
  version: z.string().min(1).max(200).optional(),
});
export type ActionDryRun = z.infer<typeof ActionDryRun>;

/** What an action will run (src/deploy/plan.ts): hosts, batches, exact commands. */
export const ActionPlan = z.object({
  hosts: z.array(
    z.object({ host: z.string(), port: z.number(), resourceId: z.string().optional() }),
  ),
  batches: z.array(z.array(z.string())),
  steps: z.array(z.object({ name: z.string(), command: z.string(), timeoutSeconds: z.number() })),
  ssh: z.object({
    user: z.string(),
    keyFile: z.string().optional(),
    knownHosts: z.string(),
    jump: z.object({ host: z.string(), port: z.number(), user: z.string() }).optional(),
    connectTimeoutSeconds: z.number(),
  }),
  parallelism: z.number(),
  abortPercent: z.number().nullable(),
  retries: z.number(),
  onFailure: z.enum(['pause', 'abort', 'continue']),
  variables: z.record(z.string(), z.string()),
});

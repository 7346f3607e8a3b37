import { z } from 'zod';
import {
  boundedJson,
  EntityName,
  LIFECYCLES,
  Link,
  LinkInput,
  ListQuery,
  OptionalLinkUrl,
  Tag,
} from '../contract.js';

/**
 * API shapes of systems, domains, APIs and resources (PRODUCT 1.1), shared by the routes, the
 * OpenAPI document and the web client. One answer shape for every kind (fields a kind has no
 * use for are null or empty); one input shape per kind, strict, so a field sent to the wrong
 * kind (`definition` on a system) is a 400 naming it rather than silently dropped.
 */

export const ENTITY_KINDS = ['system', 'domain', 'api', 'resource'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Where each kind lives under /api. `/api/resources` is kept for the inventory (PRODUCT 5). */
export const KIND_PATHS: Record<EntityKind, string> = {
  system: 'systems',
  domain: 'domains',
  api: 'apis',
  resource: 'catalog-resources',
};

export const KIND_TITLES: Record<EntityKind, { one: string; many: string }> = {
  system: { one: 'system', many: 'systems' },
  domain: { one: 'domain', many: 'domains' },
  api: { one: 'API', many: 'APIs' },
  resource: { one: 'resource', many: 'resources' },
};

export const ENTITY_FACETS = ['type', 'lifecycle', 'owner', 'system', 'domain', 'tags'] as const;
export const ENTITY_SORTS = ['name', 'title', 'type', 'lifecycle', 'owner', 'updated'] as const;

const StringMap = z.record(z.string().min(1).max(253), z.string().max(2000));
const Tags = z.array(Tag).max(100);
const EntityRefText = z.string().trim().min(1).max(200);

const CommonInput = z.object({
  title: z.string().max(200),
  description: z.string().max(100_000).describe('Markdown'),
  type: z.string().trim().min(1).max(63).nullable(),
  lifecycle: z.enum(LIFECYCLES),
  owner: EntityRefText.nullable().describe(
    'a team (`group:name` or `name`) or a person (`user:username`)',
  ),
  tags: Tags,
  labels: boundedJson(StringMap),
  annotations: boundedJson(StringMap),
  links: z.array(LinkInput).max(100),
});
const SystemPart = z.object({
  system: EntityRefText.nullable().describe('the system it belongs to: `system:ns/name` or `name`'),
});
const DomainPart = z.object({
  domain: EntityRefText.nullable().describe('the domain it belongs to: `domain:ns/name` or `name`'),
});
const DefinitionPart = z.object({
  definition: z
    .string()
    .max(1_000_000)
    .describe('the definition inline (OpenAPI, AsyncAPI, GraphQL SDL, protobuf ...)'),
  definitionUrl: OptionalLinkUrl.nullable().describe('or where the definition lives'),
});

/** The fields each kind accepts besides the common ones. */
const KIND_INPUT = {
  domain: CommonInput,
  system: CommonInput.extend(DomainPart.shape),
  api: CommonInput.extend(SystemPart.shape).extend(DefinitionPart.shape),
  resource: CommonInput.extend(SystemPart.shape),
} as const;

const Identity = z.object({ name: EntityName, namespace: EntityName.default('default') });

export function entityCreate(kind: EntityKind) {
  return z.strictObject({ ...KIND_INPUT[kind].partial().shape, ...Identity.shape });
}
export function entityPatch(kind: EntityKind) {
  return z.strictObject({ ...KIND_INPUT[kind].partial().shape, name: EntityName.optional() });
}

/** Every field any kind accepts, as the service takes them. */
export const EntityInput = CommonInput.extend(SystemPart.shape)
  .extend(DomainPart.shape)
  .extend(DefinitionPart.shape)
  .partial()
  .extend({ name: EntityName.optional(), namespace: EntityName.optional() });
export type EntityInput = z.output<typeof EntityInput>;

export const Entity = z.object({
  id: z.string(),
  kind: z.enum(ENTITY_KINDS),
  ref: z.string().describe('<kind>:<namespace>/<name>'),
  namespace: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  type: z.string().nullable(),
  lifecycle: z.enum(LIFECYCLES),
  owner: z.string().nullable().describe('the owner team name or username'),
  ownerRef: z.string().nullable().describe('`group:<team>` or `user:<username>`'),
  system: z.string().nullable().describe('system ref (APIs and resources)'),
  domain: z.string().nullable().describe('domain ref (systems)'),
  definitionUrl: z.string().nullable(),
  hasDefinition: z.boolean().describe('an inline definition is stored (GET .../definition)'),
  tags: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  links: z.array(Link),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Entity = z.infer<typeof Entity>;

/** Another entity or a component as a page names it. */
export const EntityLink = z.object({
  ref: z.string(),
  title: z.string().describe('the title, or the name when there is none'),
});
export type EntityLink = z.infer<typeof EntityLink>;

export const EntityPage = z.object({
  entity: Entity,
  canEdit: z.boolean().describe('whether you may edit it (admin, owner team member or owner)'),
  components: z.array(EntityLink).describe("a system's components"),
  systems: z.array(EntityLink).describe("a domain's systems"),
  apis: z.array(EntityLink).describe("a system's APIs"),
  resources: z.array(EntityLink).describe("a system's resources"),
  providers: z.array(EntityLink).describe('components that provide the API'),
  consumers: z.array(EntityLink).describe('components that consume the API'),
  dependents: z.array(EntityLink).describe('components that depend on the resource'),
});
export type EntityPage = z.infer<typeof EntityPage>;

export const EntityDefinition = z.object({
  ref: z.string(),
  type: z.string().nullable(),
  definition: z.string().describe('the inline definition, empty when there is none'),
  definitionUrl: z.string().nullable().describe('returned as stored, never fetched'),
});

export const EntityListQuery = ListQuery;

export const RELATION_TYPES = ['providesApi', 'consumesApi', 'dependsOn'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];
/** Which kind each relation points at. */
export const RELATION_TARGET: Record<RelationType, EntityKind> = {
  providesApi: 'api',
  consumesApi: 'api',
  dependsOn: 'resource',
};

export const RelationCreate = z.object({
  component: z.string().min(1).max(200).describe('component ref or namespace/name'),
  type: z.enum(RELATION_TYPES),
  entity: z
    .string()
    .min(1)
    .max(200)
    .describe('`api:ns/name` for providesApi and consumesApi, `resource:ns/name` for dependsOn'),
});
export const Relation = z.object({
  id: z.string(),
  component: z.string(),
  type: z.enum(RELATION_TYPES),
  entity: z.string(),
  title: z.string().describe("the entity's title or name"),
});
export type Relation = z.infer<typeof Relation>;

/** What the component page shows of a component's place among the other kinds. */
export const ComponentEntities = z.object({
  systemRef: z
    .string()
    .nullable()
    .describe('the ref of the system entity the component names (`system:ns/name`)'),
  providesApis: z.array(Relation),
  consumesApis: z.array(Relation),
  dependsOnResources: z.array(Relation),
});
export type ComponentEntities = z.infer<typeof ComponentEntities>;

import { z } from 'zod';
import {
  boundedJson,
  DEPENDENCY_TYPES,
  DEV_LINKS,
  DeploymentFields,
  LIFECYCLES,
  LinkInput,
  OptionalLinkUrl,
  PersonFields,
  QA_KINDS,
  QaFact,
  TeamFields,
  VERSION_ROLES,
} from '../contract.js';
import { ENTITY_KINDS, RELATION_TYPES } from '../entities/contract.js';

/**
 * The records the catalog's bulk operations take, built from the module's contract. A field that
 * is absent means "leave as it is" (or the default when the entity is new). Names, usernames and
 * tags are checked by the operations through the contract, record by record, so that every bad
 * one is reported with its place, whatever format the record came from.
 */

const text = (max: number) => z.string().max(max);
const Names = z.array(z.string().trim().min(1).max(200)).max(200);
const StringMap = boundedJson(z.record(z.string().min(1).max(253), z.string().max(2000)));
const FreeJson = boundedJson(z.record(z.string(), z.unknown()));
/** `namespace/name`, `component:namespace/name`, or `name` in the default namespace. */
const ComponentRefText = z.string().min(1).max(200);

export const ReferenceItemRecord = z.object({
  name: z.string().trim().min(1).max(200),
  description: text(10_000).optional(),
  position: z.number().int().optional(),
  parent: z.string().nullable().optional(),
  extra: FreeJson.optional(),
});

export const PersonRecord = PersonFields.partial().extend({
  username: z.string().min(1).max(100),
  directoryDn: z.string().nullable().optional(),
});

export const TeamRecord = TeamFields.partial().extend({ name: z.string().min(1).max(63) });

export const ComponentRecord = z.object({
  namespace: z.string().min(1).max(63).optional(),
  name: z.string().min(1).max(63),
  title: text(200).optional(),
  description: text(100_000).optional(),
  type: z.string().nullable().optional(),
  lifecycle: z.enum(LIFECYCLES).optional(),
  category: z.string().nullable().optional(),
  subcategory: z.string().nullable().optional(),
  vendor: z.string().nullable().optional(),
  privacyClass: z.string().nullable().optional(),
  locationClasses: Names.optional(),
  /** A team's name (or `group:team`), or a person as `user:username`. */
  owner: z.string().nullable().optional(),
  system: text(200).nullable().optional(),
  space: text(200).nullable().optional(),
  tags: z.array(z.string()).max(100).optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  links: z.array(LinkInput).max(100).optional(),
  endpoints: z.array(z.string().trim().min(1).max(2000)).max(200).optional(),
  attributes: FreeJson.optional(),
  highlyLoaded: z.boolean().optional(),
});

/** A system, domain, API or resource (catalog/entities). */
export const EntityRecord = z.object({
  kind: z.enum(ENTITY_KINDS),
  namespace: z.string().min(1).max(63).optional(),
  name: z.string().min(1).max(63),
  title: text(200).optional(),
  description: text(100_000).optional(),
  type: z.string().max(63).nullable().optional(),
  lifecycle: z.enum(LIFECYCLES).optional(),
  /** `group:team`, `user:username`, or a team name. */
  owner: z.string().max(200).nullable().optional(),
  /** The system of an API or resource, the domain of a system: `ns/name` or `name`. */
  system: z.string().max(200).nullable().optional(),
  domain: z.string().max(200).nullable().optional(),
  definition: text(1_000_000).optional(),
  definitionUrl: OptionalLinkUrl.nullable().optional(),
  tags: z.array(z.string()).max(100).optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  links: z.array(LinkInput).max(100).optional(),
});

/** A component provides or consumes an API, or depends on a resource. */
export const RelationRecord = z.object({
  component: ComponentRefText,
  type: z.enum(RELATION_TYPES),
  /** `api:ns/name` or `resource:ns/name` (the kind may be left out). */
  entity: z.string().min(1).max(200),
});

export const VersionRecord = z.object({
  component: ComponentRefText,
  version: z.string().trim().min(1).max(100),
  releaseNotes: text(100_000).optional(),
  languages: Names.optional(),
  frameworks: Names.optional(),
  databases: Names.optional(),
  orms: Names.optional(),
  loggers: Names.optional(),
  runtimes: Names.optional(),
  kloc: z.number().nonnegative().nullable().optional(),
  devLinks: z.partialRecord(z.enum(DEV_LINKS), OptionalLinkUrl).optional(),
  qa: z.partialRecord(z.enum(QA_KINDS), QaFact).optional(),
  people: z.partialRecord(z.enum(VERSION_ROLES), z.array(z.string()).max(50)).optional(),
});

export const DependencyRecord = z.object({
  from: ComponentRefText,
  fromVersion: z.string().nullable().optional(),
  to: ComponentRefText,
  type: z.enum(DEPENDENCY_TYPES),
  notes: text(10_000).optional(),
});

export const DeploymentRecord = DeploymentFields.partial().extend({
  component: ComponentRefText,
  version: z.string().min(1).max(100),
});

export type ReferenceItemRecord = z.output<typeof ReferenceItemRecord>;
export type PersonRecord = z.output<typeof PersonRecord>;
export type TeamRecord = z.output<typeof TeamRecord>;
export type ComponentRecord = z.output<typeof ComponentRecord>;
export type EntityRecord = z.output<typeof EntityRecord>;
export type RelationRecord = z.output<typeof RelationRecord>;
export type VersionRecord = z.output<typeof VersionRecord>;
export type DependencyRecord = z.output<typeof DependencyRecord>;
export type DeploymentRecord = z.output<typeof DeploymentRecord>;

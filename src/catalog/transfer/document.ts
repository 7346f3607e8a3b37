import { z } from 'zod';
import { OWNER_STATUSES, REVIEWER_STATUSES } from '../../requirements/schema.js';
import {
  boundedJson,
  DEPENDENCY_TYPES,
  DEV_LINKS,
  LIFECYCLES,
  LinkUrl,
  OptionalLinkUrl,
  QA_KINDS,
  QA_RATINGS,
  REFERENCE_LISTS,
  VERSION_ROLES,
} from '../contract.js';
import { ENTITY_KINDS, RELATION_TYPES } from '../entities/contract.js';

/**
 * The Argus JSON document (format `argus`, version 1): the whole catalog by names, without
 * generated ids, so it restores into an empty or an existing instance. Every importer maps
 * its input to this shape and one writer (apply.ts) stores it. A field that is absent means
 * "leave as it is" (or the default when the entity is new), so partial documents are fine.
 */

const text = (max: number) => z.string().max(max);
const Names = z.array(z.string().trim().min(1).max(200)).max(200);
// Links and free JSON follow the API's rules (catalog/contract.ts): http, https or mailto links,
// at most MAX_JSON_BYTES of JSON a value.
const StringMap = boundedJson(z.record(z.string().min(1).max(253), z.string().max(2000)));
const FreeJson = boundedJson(z.record(z.string(), z.unknown()));
/** `namespace/name`, `component:namespace/name`, or `name` in the default namespace. */
const ComponentRef = z.string().min(1).max(200);

export const ReferenceItemDoc = z.object({
  name: z.string().trim().min(1).max(200),
  description: text(10_000).optional(),
  position: z.number().int().optional(),
  parent: z.string().nullable().optional(),
  extra: FreeJson.optional(),
});

export const PersonDoc = z.object({
  username: z.string().min(1).max(100),
  name: text(200).optional(),
  email: text(320).optional(),
  title: text(200).optional(),
  organization: text(200).optional(),
  department: text(200).optional(),
  manager: z.string().nullable().optional(),
  officePhone: text(60).optional(),
  mobilePhone: text(60).optional(),
  employeeNumber: text(60).optional(),
  photo: text(200_000).optional(),
  hidden: z.boolean().optional(),
  role: z.enum(['admin', 'member']).optional(),
  directoryDn: z.string().nullable().optional(),
});

export const TeamDoc = z.object({
  name: z.string().min(1).max(63),
  title: text(200).optional(),
  description: text(10_000).optional(),
  parent: z.string().nullable().optional(),
  email: text(320).optional(),
  chatChannel: text(200).optional(),
  type: z.string().trim().min(1).max(63).optional(),
  members: z.array(z.string()).max(5000).optional(),
});

export const LinkDoc = z.object({
  url: LinkUrl,
  title: text(200).optional(),
  type: text(60).optional(),
});

export const ComponentDoc = z.object({
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
  owner: z.string().nullable().optional(),
  system: text(200).nullable().optional(),
  space: text(200).nullable().optional(),
  tags: z.array(z.string()).max(100).optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  links: z.array(LinkDoc).max(100).optional(),
  endpoints: z.array(z.string().trim().min(1).max(2000)).max(200).optional(),
  attributes: FreeJson.optional(),
  highlyLoaded: z.boolean().optional(),
});

/** A system, domain, API or resource (catalog/entities). */
export const EntityDoc = z.object({
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
  links: z.array(LinkDoc).max(100).optional(),
});

/** A component provides or consumes an API, or depends on a resource. */
export const RelationDoc = z.object({
  component: ComponentRef,
  type: z.enum(RELATION_TYPES),
  /** `api:ns/name` or `resource:ns/name` (the kind may be left out). */
  entity: z.string().min(1).max(200),
});

export const QaFactDoc = z.object({ rating: z.enum(QA_RATINGS), notes: text(10_000).default('') });

export const VersionDoc = z.object({
  component: ComponentRef,
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
  qa: z.partialRecord(z.enum(QA_KINDS), QaFactDoc).optional(),
  people: z.partialRecord(z.enum(VERSION_ROLES), z.array(z.string()).max(50)).optional(),
});

export const DependencyDoc = z.object({
  from: ComponentRef,
  fromVersion: z.string().nullable().optional(),
  to: ComponentRef,
  type: z.enum(DEPENDENCY_TYPES),
  notes: text(10_000).optional(),
});

export const DeploymentDoc = z.object({
  component: ComponentRef,
  version: z.string().min(1).max(100),
  productVersion: z.string().nullable().optional(),
  environment: z.string().nullable().optional(),
  locationClass: z.string().nullable().optional(),
  serviceName: text(200).optional(),
  binaryName: text(200).optional(),
  runtime: z.string().nullable().optional(),
  openPorts: z.array(z.number().int().min(1).max(65535)).max(100).optional(),
  notes: text(10_000).optional(),
});

export const RequirementDoc = z.object({
  title: z.string().trim().min(1).max(300),
  description: text(100_000).optional(),
  mandatory: z.boolean().optional(),
  level: z.string().max(100).nullable().optional(),
});

export const RequirementSetDoc = z.object({
  name: z.string().trim().min(1).max(200),
  description: text(100_000).optional(),
  docLink: OptionalLinkUrl.optional(),
  position: z.number().int().optional(),
  applicability: z.string().max(10_000).nullable().optional(),
  reviewerTeams: z.array(z.string()).max(100).optional(),
  /** Requirement titles, in display order. */
  requirements: z.array(z.string()).max(10_000).optional(),
});

export const RequirementStatusDoc = z.object({
  component: ComponentRef,
  version: z.string().min(1).max(100),
  requirement: z.string().min(1).max(300),
  ownerStatus: z.enum(OWNER_STATUSES).optional(),
  ownerNotes: text(10_000).optional(),
  reviewerStatus: z.enum(REVIEWER_STATUSES).optional(),
  reviewerNotes: text(10_000).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

export const RadarQuadrantDoc = z.object({
  name: z.string().trim().min(1).max(200),
  position: z.number().int().optional(),
  description: text(10_000).optional(),
});
export const RadarRingDoc = RadarQuadrantDoc.extend({ color: text(40).optional() });
export const RadarHistoryDoc = z.object({
  ring: z.string().min(1),
  date: z.iso.datetime({ offset: true }),
  note: text(10_000).optional(),
});
export const RadarEntryDoc = z.object({
  label: z.string().trim().min(1).max(200),
  quadrant: z.string().min(1),
  description: text(100_000).optional(),
  link: OptionalLinkUrl.optional(),
  active: z.boolean().optional(),
  /** Dated ring changes; the newest is the current ring. */
  history: z.array(RadarHistoryDoc).max(1000).optional(),
});
export const RadarDoc = z.object({
  quadrants: z.array(RadarQuadrantDoc).default(() => []),
  rings: z.array(RadarRingDoc).default(() => []),
  entries: z.array(RadarEntryDoc).default(() => []),
});

const ReferenceLists = z.partialRecord(z.enum(REFERENCE_LISTS), z.array(ReferenceItemDoc));

/** The body of a document: what importers produce and the writer stores. */
export const CatalogContent = z.object({
  referenceLists: ReferenceLists.default(() => ({})),
  people: z.array(PersonDoc).default(() => []),
  teams: z.array(TeamDoc).default(() => []),
  entities: z.array(EntityDoc).default(() => []),
  components: z.array(ComponentDoc).default(() => []),
  relations: z.array(RelationDoc).default(() => []),
  versions: z.array(VersionDoc).default(() => []),
  dependencies: z.array(DependencyDoc).default(() => []),
  deployments: z.array(DeploymentDoc).default(() => []),
  requirementSets: z.array(RequirementSetDoc).default(() => []),
  requirements: z.array(RequirementDoc).default(() => []),
  requirementStatuses: z.array(RequirementStatusDoc).default(() => []),
  radar: RadarDoc.default(() => ({ quadrants: [], rings: [], entries: [] })),
});

export const ARGUS_FORMAT = 'argus';
export const ARGUS_FORMAT_VERSION = 1;

export const ArgusDocument = CatalogContent.extend({
  format: z.literal(ARGUS_FORMAT),
  version: z.literal(ARGUS_FORMAT_VERSION),
  exportedAt: z.string(),
});

export type CatalogContent = z.output<typeof CatalogContent>;
export type ArgusDocument = z.output<typeof ArgusDocument>;
export type ReferenceItemDoc = z.output<typeof ReferenceItemDoc>;
export type PersonDoc = z.output<typeof PersonDoc>;
export type TeamDoc = z.output<typeof TeamDoc>;
export type ComponentDoc = z.output<typeof ComponentDoc>;
export type EntityDoc = z.output<typeof EntityDoc>;
export type RelationDoc = z.output<typeof RelationDoc>;
export type VersionDoc = z.output<typeof VersionDoc>;
export type DependencyDoc = z.output<typeof DependencyDoc>;
export type DeploymentDoc = z.output<typeof DeploymentDoc>;
export type RequirementDoc = z.output<typeof RequirementDoc>;
export type RequirementSetDoc = z.output<typeof RequirementSetDoc>;
export type RequirementStatusDoc = z.output<typeof RequirementStatusDoc>;
export type RadarEntryDoc = z.output<typeof RadarEntryDoc>;
export type RadarDoc = z.output<typeof RadarDoc>;

/** An empty document body, for importers to fill. */
export function emptyContent(): CatalogContent {
  return CatalogContent.parse({});
}

import { z } from 'zod';
import {
  RequirementRecord as RequirementDoc,
  RequirementSetRecord as RequirementSetDoc,
  RequirementStatusRecord as RequirementStatusDoc,
} from '../../requirements/records.js';
import {
  ComponentRecord,
  DependencyRecord,
  DeploymentRecord,
  EntityRecord,
  PersonRecord,
  ReferenceItemRecord,
  RelationRecord,
  TeamRecord,
  VersionRecord,
} from '../bulk/records.js';
import { OptionalLinkUrl, REFERENCE_LISTS } from '../contract.js';

/**
 * The Argus JSON document (format `argus`, version 1): the whole catalog by names, without
 * generated ids, so it restores into an empty or an existing instance. Every importer maps
 * its input to this shape and one writer (apply.ts) stores it. A field that is absent means
 * "leave as it is" (or the default when the entity is new), so partial documents are fine.
 */

const text = (max: number) => z.string().max(max);

// The catalog's records are those its bulk operations take (catalog/bulk/records.ts), and so are
// the requirements module's (requirements/records.ts).
export {
  ComponentRecord as ComponentDoc,
  DependencyRecord as DependencyDoc,
  DeploymentRecord as DeploymentDoc,
  EntityRecord as EntityDoc,
  PersonRecord as PersonDoc,
  ReferenceItemRecord as ReferenceItemDoc,
  RelationRecord as RelationDoc,
  RequirementDoc,
  RequirementSetDoc,
  RequirementStatusDoc,
  TeamRecord as TeamDoc,
  VersionRecord as VersionDoc,
};

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

const ReferenceLists = z.partialRecord(z.enum(REFERENCE_LISTS), z.array(ReferenceItemRecord));

/** The body of a document: what importers produce and the writer stores. */
export const CatalogContent = z.object({
  referenceLists: ReferenceLists.default(() => ({})),
  people: z.array(PersonRecord).default(() => []),
  teams: z.array(TeamRecord).default(() => []),
  entities: z.array(EntityRecord).default(() => []),
  components: z.array(ComponentRecord).default(() => []),
  relations: z.array(RelationRecord).default(() => []),
  versions: z.array(VersionRecord).default(() => []),
  dependencies: z.array(DependencyRecord).default(() => []),
  deployments: z.array(DeploymentRecord).default(() => []),
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
export type RadarEntryDoc = z.output<typeof RadarEntryDoc>;
export type RadarDoc = z.output<typeof RadarDoc>;

/** An empty document body, for importers to fill. */
export function emptyContent(): CatalogContent {
  return CatalogContent.parse({});
}

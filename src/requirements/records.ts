import { z } from 'zod';
import { OwnerStatusInput, RequirementCreate, ReviewerStatusInput, SetCreate } from './contract.js';

/**
 * The records the requirements module's bulk operations take (bulk.ts), built from the API's
 * contract so an import checks each field by the rule the API has. A field that is absent means
 * "leave as it is" (or the default for something new). Argus JSON documents hold these.
 */

const { sets: _sets, ...requirementFields } = RequirementCreate.shape;
export const RequirementRecord = z.object(requirementFields);

export const RequirementSetRecord = z.object({
  ...SetCreate.shape,
  /** Requirement titles, in display order. */
  requirements: z.array(z.string().trim().min(1)).max(10_000).optional(),
});

export const RequirementStatusRecord = z.object({
  /** `namespace/name`, `component:namespace/name`, or `name` in the default namespace. */
  component: z.string().min(1).max(200),
  version: z.string().min(1).max(100),
  /** The requirement's title. */
  requirement: z.string().trim().min(1).max(500),
  ownerStatus: OwnerStatusInput.shape.status.optional(),
  ownerNotes: OwnerStatusInput.shape.notes,
  reviewerStatus: ReviewerStatusInput.shape.status.optional(),
  reviewerNotes: ReviewerStatusInput.shape.notes,
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * The overall status the source holds, as it spells it (Panopticum's `ready`, `waiting`, ...).
   * Never stored: Argus derives the overall status from the two sides, and the import report
   * says where the source's differs.
   */
  overall: z.string().max(100).optional(),
});

export type RequirementRecord = z.output<typeof RequirementRecord>;
export type RequirementSetRecord = z.output<typeof RequirementSetRecord>;
export type RequirementStatusRecord = z.output<typeof RequirementStatusRecord>;

/** What an Argus document holds of requirements. */
export interface RequirementRecords {
  requirementSets: RequirementSetRecord[];
  requirements: RequirementRecord[];
  requirementStatuses: RequirementStatusRecord[];
}

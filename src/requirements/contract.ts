import { z } from 'zod';
import { OptionalLinkUrl } from '../catalog/contract.js';

/**
 * API shapes of requirements, sign-off, exemptions, levels and scorecards (PRODUCT 2), shared
 * by the routes, the OpenAPI document and the web client. Imports nothing from the services or
 * the database (contract.test.ts checks the status lists against schema.ts).
 *
 * Routes (all under /api; everyone authenticated reads; writes as noted):
 *
 * Admin (admins only):
 *   GET    /requirement-levels                         RequirementLevel[] (the ladder, lowest first)
 *   POST   /requirement-levels                         LevelCreate -> 201 RequirementLevel
 *   PUT    /requirement-levels/order                   LevelOrder -> RequirementLevel[]
 *   PATCH  /requirement-levels/:level                  LevelPatch -> RequirementLevel (rename, recolour, move)
 *   DELETE /requirement-levels/:level                  204; 409 when requirements use it (says how many)
 *   GET    /requirement-sets                           RequirementSet[] (in display order)
 *   POST   /requirement-sets                           SetCreate -> 201 RequirementSet
 *   PUT    /requirement-sets/order                     SetOrder -> RequirementSet[]
 *   GET    /requirement-sets/:set                      RequirementSet
 *   PATCH  /requirement-sets/:set                      SetPatch -> RequirementSet
 *   DELETE /requirement-sets/:set                      204
 *   GET    /requirements?set=                          Requirement[] (all, or one set's in its order)
 *   POST   /requirements                               RequirementCreate -> 201 Requirement
 *   GET    /requirements/:requirement                  Requirement
 *   PATCH  /requirements/:requirement                  RequirementPatch -> Requirement
 *   DELETE /requirements/:requirement                  204
 *
 * Status of a component version (V = /components/:namespace/:name/versions/:version):
 *   GET    V/requirements                              VersionRequirements (read view, H1b)
 *   GET    V/requirements/:requirement                 RequirementState (one cell: the dashboard popover, H1b)
 *   PUT    V/requirements/:requirement/owner           OwnerStatusInput -> RequirementState (owner side)
 *   PUT    V/requirements/:requirement/review          ReviewerStatusInput -> RequirementState (reviewer side)
 *   PUT    V/requirement-sets/:set/exclusion           ExclusionInput -> SetExclusion (owner side)
 *   DELETE V/requirement-sets/:set/exclusion           204 (owner side)
 *
 * Exemptions (C = /components/:namespace/:name):
 *   GET    C/exemptions                                Exemption[] (newest first)
 *   POST   C/exemptions                                ExemptionRequest -> 201 Exemption (owner side)
 *   GET    /exemptions/:exemption                      Exemption
 *   POST   /exemptions/:exemption/approve              ExemptionDecision -> Exemption (reviewer of the requirement)
 *   POST   /exemptions/:exemption/deny                 ExemptionDecision -> Exemption (reviewer of the requirement)
 *   POST   /exemptions/:exemption/revoke               ExemptionDecision -> Exemption (reviewer side or admin)
 *
 * Read views (H1b):
 *   GET    /requirement-sets/:set/dashboard            DashboardQuery -> SetDashboard
 *   GET    /teams/:team/scorecard                      ScorecardQuery -> TeamScorecard
 *   GET    /review-queue                               ReviewQueueQuery -> ReviewQueue (the caller's)
 *
 * `:level` and `:set` take an id or a name, `:requirement` an id or a title (URL-encoded),
 * `:exemption` an id.
 * Live events (GET /api/events): see REQUIREMENT_EVENTS.
 */

export const OWNER_STATUSES = ['unknown', 'not_ready', 'ready', 'n/a'] as const;
export const REVIEWER_STATUSES = ['unknown', 'rejected', 'approved'] as const;
/** Derived from owner and reviewer by PRODUCT 2's table (derive.ts `overallStatus`), never stored. */
export const OVERALL_STATUSES = [
  'unknown',
  'not_ready',
  'waiting',
  'waiting_na',
  'not_approved',
  'ok',
  'n/a',
] as const;
export const EXEMPTION_STATES = ['requested', 'approved', 'denied', 'revoked'] as const;
export type OwnerStatus = (typeof OWNER_STATUSES)[number];
export type ReviewerStatus = (typeof REVIEWER_STATUSES)[number];
export type OverallStatus = (typeof OVERALL_STATUSES)[number];
export type ExemptionState = (typeof EXEMPTION_STATES)[number];

/**
 * Change events of the module, published after commit so open pages update:
 * `requirement-status` whenever anything a version's status view shows changes (a side, an
 * exclusion), ref `<namespace>/<name>@<version>`; `requirement-exemption` for every step of an
 * exemption, ref `<namespace>/<name>` (it holds for every version); `requirement-set`,
 * `requirement` and `requirement-level` for admin changes, ref the id.
 */
export const REQUIREMENT_EVENTS = {
  status: 'requirement-status',
  exemption: 'requirement-exemption',
  set: 'requirement-set',
  requirement: 'requirement',
  level: 'requirement-level',
} as const;

/** How a history row and an answer name a person. */
export const PersonRef = z.object({
  username: z.string(),
  name: z.string().describe('display name, the username when none'),
});
export type PersonRef = z.infer<typeof PersonRef>;

const Notes = z.string().max(10_000);
const Reason = z.string().trim().min(1, 'a reason is required').max(10_000);
const Position = z.int().min(0).max(1_000_000);
const NameText = z.string().trim().min(1).max(200);
const ItemKey = z.string().trim().min(1).max(500);

// ---------------------------------------------------------------------------------------------
// Levels

const LevelColor = z
  .string()
  .trim()
  .regex(/^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})?$/, 'a colour is #rgb or #rrggbb, or empty')
  .describe('CSS colour for badges (#rgb or #rrggbb), or empty');

export const LevelCreate = z.strictObject({
  name: NameText,
  description: Notes.optional(),
  color: LevelColor.optional(),
  position: Position.optional().describe('place in the ladder, 0 = lowest; default: on top'),
});
export const LevelPatch = LevelCreate.partial();
export const LevelOrder = z.strictObject({
  levels: z
    .array(NameText)
    .min(1)
    .max(100)
    .describe('every level of the ladder by name or id, lowest first'),
});
export const RequirementLevel = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  description: z.string(),
  color: z.string(),
  requirements: z.number().describe('how many requirements belong to it'),
});
export type RequirementLevel = z.infer<typeof RequirementLevel>;
export type LevelCreate = z.infer<typeof LevelCreate>;
export type LevelPatch = z.infer<typeof LevelPatch>;

// ---------------------------------------------------------------------------------------------
// Sets

const SetFields = z.object({
  name: NameText,
  description: z.string().max(100_000).describe('Markdown'),
  docLink: OptionalLinkUrl.describe('documentation link: an http, https or mailto URL, or empty'),
  reviewerTeams: z
    .array(NameText)
    .max(100)
    .describe('names of the teams whose members sign off the requirements of the set'),
  position: Position.describe('display order, smallest first'),
  applicability: z
    .string()
    .max(10_000)
    .nullable()
    .describe(
      'DSL filter over components (PRODUCT 4) the set applies to; null or empty: every component',
    ),
});
export const SetCreate = z.strictObject({ ...SetFields.partial().shape, name: NameText });
export const SetPatch = z.strictObject(SetFields.partial().shape);
export const SetOrder = z.strictObject({
  sets: z.array(NameText).min(1).max(1000).describe('every set by name or id, in display order'),
});
export const RequirementBrief = z.object({
  id: z.string(),
  title: z.string(),
  mandatory: z.boolean(),
  level: z.string().nullable().describe('name of its level'),
});
export type RequirementBrief = z.infer<typeof RequirementBrief>;
export const RequirementSet = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  docLink: z.string(),
  position: z.number(),
  applicability: z.string().nullable(),
  reviewerTeams: z.array(z.string()),
  requirements: z.array(RequirementBrief).describe('in the order of the set'),
});
export type RequirementSet = z.infer<typeof RequirementSet>;
export type SetCreate = z.infer<typeof SetCreate>;
export type SetPatch = z.infer<typeof SetPatch>;

// ---------------------------------------------------------------------------------------------
// Requirements

export const SetMembership = z.strictObject({
  set: NameText.describe('the set, by name or id'),
  position: Position.optional().describe('place within the set; default: last'),
});
const Memberships = z
  .array(SetMembership)
  .min(1, 'a requirement belongs to at least one set')
  .max(100);
const RequirementFields = z.object({
  title: ItemKey,
  description: z.string().max(100_000).describe('Markdown'),
  mandatory: z.boolean().describe('mandatory for production (a deployment gate)'),
  level: NameText.nullable().describe('the level it belongs to, by name; null: none'),
  sets: Memberships,
});
export const RequirementCreate = z.strictObject({
  ...RequirementFields.partial().shape,
  title: ItemKey,
  sets: Memberships,
});
export const RequirementPatch = z.strictObject(RequirementFields.partial().shape);
export const RequirementsQuery = z.object({
  set: z.string().max(200).optional().describe('only this set (name or id), in its order'),
});
export const Requirement = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  mandatory: z.boolean(),
  level: z.string().nullable(),
  sets: z.array(z.object({ id: z.string(), name: z.string(), position: z.number() })),
});
export type Requirement = z.infer<typeof Requirement>;
export type RequirementCreate = z.infer<typeof RequirementCreate>;
export type RequirementPatch = z.infer<typeof RequirementPatch>;

// ---------------------------------------------------------------------------------------------
// Status per (component version, requirement)

export const OwnerStatusInput = z.strictObject({
  status: z.enum(OWNER_STATUSES, {
    error: 'the owner side is unknown, not_ready, ready or n/a (approving is for reviewers)',
  }),
  notes: Notes.optional().describe('omitted: the notes stay as they are'),
});
export const ReviewerStatusInput = z.strictObject({
  status: z.enum(REVIEWER_STATUSES, {
    error: 'the reviewer side is unknown, rejected or approved (n/a is for owners)',
  }),
  notes: Notes.optional().describe('omitted: the notes stay as they are'),
});
export type OwnerStatusInput = z.infer<typeof OwnerStatusInput>;
export type ReviewerStatusInput = z.infer<typeof ReviewerStatusInput>;

const SideFields = {
  notes: z.string(),
  setBy: PersonRef.nullable(),
  setAt: z.string().nullable().describe('ISO 8601; null: never set'),
};
export const OwnerSide = z.object({ status: z.enum(OWNER_STATUSES), ...SideFields });
export const ReviewerSide = z.object({
  status: z.enum(REVIEWER_STATUSES),
  ...SideFields,
  reset: z
    .object({ at: z.string(), by: PersonRef.nullable(), reason: z.string() })
    .nullable()
    .describe(
      "the sign-off was reset to unknown by the owner's readiness change, and not signed since",
    ),
});
export type OwnerSide = z.infer<typeof OwnerSide>;
export type ReviewerSide = z.infer<typeof ReviewerSide>;

export const Exemption = z.object({
  id: z.string(),
  component: z.string().describe('component:<namespace>/<name>'),
  requirement: z.object({ id: z.string(), title: z.string() }),
  state: z.enum(EXEMPTION_STATES),
  active: z
    .boolean()
    .describe('approved, not revoked and not expired: the requirement counts as n/a'),
  reason: z.string(),
  expiresAt: z.string(),
  requestedBy: PersonRef.nullable(),
  requestedAt: z.string(),
  decidedBy: PersonRef.nullable().describe('who approved or denied it, or revoked it'),
  decidedAt: z.string().nullable(),
  decisionNotes: z.string(),
  may: z.object({
    decide: z.boolean().describe('approve or deny (requested ones)'),
    revoke: z.boolean().describe('revoke (approved ones)'),
  }),
});
export type Exemption = z.infer<typeof Exemption>;

/** One requirement on one version: the write answers, the dashboard popover and the status view. */
export const RequirementState = z.object({
  component: z.string().describe('component:<namespace>/<name>'),
  version: z.string(),
  requirement: RequirementBrief.extend({ description: z.string().describe('Markdown') }),
  owner: OwnerSide,
  reviewer: ReviewerSide,
  overall: z.enum(OVERALL_STATUSES).describe('derived from owner and reviewer (PRODUCT 2)'),
  effective: z
    .enum(OVERALL_STATUSES)
    .describe('what counts for levels and scores: n/a while an exemption is active, else overall'),
  exemption: Exemption.nullable().describe(
    'the active or waiting exemption of the requirement for the component, if any',
  ),
  may: z.object({
    owner: z.boolean().describe('set the owner side, request an exemption'),
    review: z.boolean().describe('set the reviewer side, decide exemptions'),
  }),
});
export type RequirementState = z.infer<typeof RequirementState>;

// ---------------------------------------------------------------------------------------------
// A whole set not applicable for a version

export const ExclusionInput = z.strictObject({ reason: Reason });
export const SetExclusion = z.object({
  component: z.string(),
  version: z.string(),
  set: z.object({ id: z.string(), name: z.string() }),
  reason: z.string(),
  setBy: PersonRef.nullable(),
  setAt: z.string(),
});
export type SetExclusion = z.infer<typeof SetExclusion>;

// ---------------------------------------------------------------------------------------------
// Exemptions

/** `YYYY-MM-DD` means through that day (UTC): the exemption expires when the next day starts. */
export const ExpiryTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO 8601 time, or a date (valid through that day, UTC); must be in the future');
export const ExemptionRequest = z.strictObject({
  requirement: ItemKey.describe('the requirement, by id or title'),
  reason: Reason,
  expiresAt: ExpiryTime,
});
export const ExemptionDecision = z.strictObject({ notes: Notes.default('') });
export type ExemptionRequest = z.infer<typeof ExemptionRequest>;
export type ExemptionDecision = z.infer<typeof ExemptionDecision>;

/** The moment an `ExpiryTime` names. */
export function expiryInstant(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    return new Date(day.getTime() + 24 * 60 * 60 * 1000);
  }
  return new Date(value);
}

// ---------------------------------------------------------------------------------------------
// Read views (served by views-routes.ts)

export const LevelRef = z.object({ id: z.string(), name: z.string(), color: z.string() });
export type LevelRef = z.infer<typeof LevelRef>;

/** Computed on read from current data; excluded sets leave every score. */
export const Scores = z.object({
  applicable: z.number().describe('requirements counted (applicable sets, not excluded)'),
  readiness: z.number().describe('% with the owner side ready or n/a (or exempted)'),
  signOff: z.number().describe('% approved (or exempted); a missing sign-off is not signed'),
  qa: z.number().nullable().describe("% from the version's QA ratings; null when nothing is rated"),
  completeness: z.number().describe('% of profile fields filled (empty lists count as unfilled)'),
});
export type Scores = z.infer<typeof Scores>;

/** What still stands between a version and a level. */
export const Missing = z.object({
  requirement: RequirementBrief,
  set: z.string().describe('name of a set holding it'),
  effective: z.enum(OVERALL_STATUSES),
});
export type Missing = z.infer<typeof Missing>;

export const LevelProgress = z.object({
  reached: LevelRef.nullable().describe('the highest level reached, all lower ones first'),
  next: LevelRef.nullable().describe('the level above it; null at the top'),
  missing: z.array(Missing).describe('what the next level (or a lower one) still misses'),
});
export type LevelProgress = z.infer<typeof LevelProgress>;

export const VersionSet = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  docLink: z.string(),
  position: z.number(),
  reviewerTeams: z.array(z.string()),
  exclusion: SetExclusion.nullable().describe('the set is marked not applicable for the version'),
  may: z.object({
    exclude: z.boolean().describe('mark the set not applicable, or undo it'),
    review: z.boolean().describe('sign off its requirements'),
  }),
  requirements: z.array(RequirementState),
});
export type VersionSet = z.infer<typeof VersionSet>;

/** GET V/requirements: the sets that apply to the component, in order. */
export const VersionRequirements = z.object({
  component: z.string(),
  version: z.string(),
  latest: z.boolean().describe('the highest version by semantic order'),
  sets: z.array(VersionSet),
  level: LevelProgress,
  scores: Scores,
  may: z.object({
    owner: z.boolean().describe('set owner readiness, exclude sets, request exemptions'),
  }),
});
export type VersionRequirements = z.infer<typeof VersionRequirements>;

export const FILTER_SIDES = ['owner', 'reviewer', 'overall'] as const;
export type FilterSide = (typeof FILTER_SIDES)[number];
/** One per-column filter of the dashboard: the requirement's status on that side is one of these. */
export interface ColumnFilter {
  requirementId: string;
  side: FilterSide;
  statuses: string[];
}

const SIDE_STATUSES: Record<FilterSide, readonly string[]> = {
  owner: OWNER_STATUSES,
  reviewer: REVIEWER_STATUSES,
  overall: OVERALL_STATUSES,
};

/**
 * Parses the dashboard's `where`: clauses joined by `,`, each
 * `<requirementId>:<owner|reviewer|overall>=<status>[|<status>...]`, e.g.
 * `4f1c...:owner=ready|n/a,9a2b...:reviewer=unknown`. All clauses must hold.
 * Throws an Error whose message says what is wrong.
 */
export function parseColumnFilters(text: string): ColumnFilter[] {
  if (text.trim() === '') return [];
  return text.split(',').map((clause) => {
    const match = /^\s*([^:=\s]+):(owner|reviewer|overall)=([^,]+?)\s*$/.exec(clause);
    if (!match)
      throw new Error(
        `"${clause}" is not <requirementId>:<owner|reviewer|overall>=<status>[|<status>]`,
      );
    const [, requirementId, side, list] = match as unknown as [string, string, FilterSide, string];
    const statuses = list.split('|');
    const allowed = SIDE_STATUSES[side];
    const wrong = statuses.find((s) => !allowed.includes(s));
    if (wrong !== undefined)
      throw new Error(`"${wrong}" is not one of the ${side} statuses (${allowed.join(', ')})`);
    return { requirementId, side, statuses };
  });
}

/** The `where` text of these filters (the inverse of parseColumnFilters). */
export function formatColumnFilters(filters: readonly ColumnFilter[]): string {
  return filters.map((f) => `${f.requirementId}:${f.side}=${f.statuses.join('|')}`).join(',');
}

const ColumnFilters = z
  .string()
  .max(10_000)
  .superRefine((text, ctx) => {
    try {
      parseColumnFilters(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const DashboardQuery = z.object({
  version: z
    .string()
    .max(100)
    .optional()
    .describe("this version of every component; default: each component's latest"),
  filter: z.string().max(10_000).optional().describe('DSL expression over components (PRODUCT 4)'),
  where: ColumnFilters.optional().describe(
    'per-column filters: `<requirementId>:<owner|reviewer|overall>=<status>[|<status>]`, joined by `,`',
  ),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const DashboardCell = z.object({
  requirementId: z.string(),
  owner: z.enum(OWNER_STATUSES),
  reviewer: z.enum(REVIEWER_STATUSES),
  overall: z.enum(OVERALL_STATUSES),
  effective: z.enum(OVERALL_STATUSES),
  exempted: z.boolean(),
});
export type DashboardCell = z.infer<typeof DashboardCell>;

export const DashboardRow = z.object({
  component: z.string().describe('component:<namespace>/<name>'),
  title: z.string(),
  owner: z.string().nullable().describe('owner team name'),
  version: z.string().nullable().describe('the version shown; null when it has none'),
  excluded: z.boolean().describe('the set is marked not applicable for this version'),
  level: z.string().nullable().describe('the level the version reached'),
  cells: z.array(DashboardCell).describe("in the order of the dashboard's columns"),
});
export type DashboardRow = z.infer<typeof DashboardRow>;

export const SetDashboard = z.object({
  set: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    docLink: z.string(),
    reviewerTeams: z.array(z.string()),
  }),
  columns: z.array(RequirementBrief).describe("the set's requirements, in order"),
  rows: z.array(DashboardRow),
  total: z.number().describe('components matching every filter'),
  nextCursor: z.string().nullable(),
});
export type SetDashboard = z.infer<typeof SetDashboard>;

export const ScorecardQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ScorecardRow = z.object({
  component: z.string(),
  title: z.string(),
  owner: z.string().nullable().describe('owner team (the team or one below it)'),
  version: z.string().nullable().describe('the latest version; null when it has none'),
  level: LevelProgress,
  scores: Scores,
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;
export const TeamScorecard = z.object({
  team: z.string(),
  levels: z.array(LevelRef).describe('the ladder, lowest first'),
  components: z.array(ScorecardRow).describe('components the team or a team below it owns'),
  total: z.number(),
  nextCursor: z.string().nullable(),
});
export type TeamScorecard = z.infer<typeof TeamScorecard>;

export const ReviewQueueQuery = z.object({
  set: z.string().max(200).optional().describe('only this set (name or id)'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const WaitingApproval = z.object({
  component: z.string(),
  title: z.string(),
  version: z.string(),
  set: z.object({ id: z.string(), name: z.string() }),
  requirement: RequirementBrief,
  owner: OwnerSide,
  overall: z.enum(['waiting', 'waiting_na']),
});
export type WaitingApproval = z.infer<typeof WaitingApproval>;
export const ReviewQueue = z.object({
  approvals: z
    .array(WaitingApproval)
    .describe('owner ready or n/a, no sign-off yet, in sets your teams review; oldest first'),
  total: z.number().describe('all waiting approvals'),
  nextCursor: z.string().nullable(),
  exemptions: z.array(Exemption).describe('requested exemptions you may decide, oldest first'),
});
export type ReviewQueue = z.infer<typeof ReviewQueue>;

import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { components, componentVersions, teams } from '../catalog/schema.js';
import { people } from '../platform/auth/schema.js';

/**
 * Requirements and sign-off (PRODUCT 2). A requirement set (Architecture, Security &
 * Compliance, ...) groups requirements in order and names the teams whose members sign off;
 * a status holds, per component version and requirement, the owner's readiness and the
 * reviewer's sign-off. The overall status is derived on read and never stored.
 */

export const OWNER_STATUSES = ['unknown', 'not_ready', 'ready', 'n/a'] as const;
export const REVIEWER_STATUSES = ['unknown', 'rejected', 'approved'] as const;
export type OwnerStatus = (typeof OWNER_STATUSES)[number];
export type ReviewerStatus = (typeof REVIEWER_STATUSES)[number];

export const ownerStatus = pgEnum('requirement_owner_status', OWNER_STATUSES);
export const reviewerStatus = pgEnum('requirement_reviewer_status', REVIEWER_STATUSES);

/** An exemption's life: requested by an owner, then approved or denied by a reviewer; an approved one may be revoked. */
export const EXEMPTION_STATES = ['requested', 'approved', 'denied', 'revoked'] as const;
export type ExemptionState = (typeof EXEMPTION_STATES)[number];
export const exemptionState = pgEnum('requirement_exemption_state', EXEMPTION_STATES);

/**
 * The instance's ladder of levels (Bronze, Silver, Gold by default; the first migration that
 * made this table inserted them). A version reaches a level when every applicable requirement of
 * it and of every lower level (smaller position) is ok or n/a.
 */
export const requirementLevels = pgTable(
  'requirement_levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    description: text('description').notNull().default(''),
    /** CSS colour for badges, e.g. `#cd7f32`. */
    color: text('color').notNull().default(''),
  },
  (t) => [uniqueIndex('requirement_levels_name_key').on(sql`lower(${t.name})`)],
);

export const requirementSets = pgTable(
  'requirement_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    docLink: text('doc_link').notNull().default(''),
    /** Display order of the sets. */
    position: integer('position').notNull().default(0),
    /** DSL filter over components the set applies to; null applies it to every component. */
    applicability: text('applicability'),
  },
  (t) => [uniqueIndex('requirement_sets_name_key').on(sql`lower(${t.name})`)],
);

/** The teams whose members sign off the requirements of a set. */
export const requirementSetReviewers = pgTable(
  'requirement_set_reviewers',
  {
    setId: uuid('set_id')
      .notNull()
      .references(() => requirementSets.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.setId, t.teamId] })],
);

export const requirements = pgTable(
  'requirements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    /** Markdown. */
    description: text('description').notNull().default(''),
    /** Mandatory for production: a deployment gate (PRODUCT 2, 8). */
    mandatory: boolean('mandatory').notNull().default(false),
    /** The level of the instance's ladder (Bronze, Silver, Gold, ...) it belongs to, if any. */
    levelId: uuid('level_id').references(() => requirementLevels.id, { onDelete: 'restrict' }),
  },
  (t) => [
    uniqueIndex('requirements_title_key').on(sql`lower(${t.title})`),
    index('requirements_level_idx').on(t.levelId),
  ],
);

/** A requirement may belong to several sets; `position` orders it within a set. */
export const requirementSetMembers = pgTable(
  'requirement_set_members',
  {
    setId: uuid('set_id')
      .notNull()
      .references(() => requirementSets.id, { onDelete: 'cascade' }),
    requirementId: uuid('requirement_id')
      .notNull()
      .references(() => requirements.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.setId, t.requirementId] }),
    index('requirement_set_members_requirement_idx').on(t.requirementId),
  ],
);

export const requirementStatuses = pgTable(
  'requirement_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => componentVersions.id, { onDelete: 'cascade' }),
    requirementId: uuid('requirement_id')
      .notNull()
      .references(() => requirements.id, { onDelete: 'cascade' }),
    ownerStatus: ownerStatus('owner_status').notNull().default('unknown'),
    ownerNotes: text('owner_notes').notNull().default(''),
    reviewerStatus: reviewerStatus('reviewer_status').notNull().default('unknown'),
    reviewerNotes: text('reviewer_notes').notNull().default(''),
    /** Who set each side and when: the dashboard's popover shows them; history keeps every change. */
    ownerSetBy: uuid('owner_set_by').references(() => people.id, { onDelete: 'set null' }),
    ownerSetAt: timestamp('owner_set_at', { withTimezone: true }),
    reviewerSetBy: uuid('reviewer_set_by').references(() => people.id, { onDelete: 'set null' }),
    reviewerSetAt: timestamp('reviewer_set_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('requirement_statuses_key').on(t.versionId, t.requirementId),
    // The set dashboard reads a requirement's statuses by version with both sides: all from the
    // index, without visiting the table.
    index('requirement_statuses_requirement_idx').on(
      t.requirementId,
      t.versionId,
      t.ownerStatus,
      t.reviewerStatus,
    ),
  ],
);

/** A whole set marked not applicable for a version, with the reason: it then leaves every score. */
export const requirementSetExclusions = pgTable(
  'requirement_set_exclusions',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => componentVersions.id, { onDelete: 'cascade' }),
    setId: uuid('set_id')
      .notNull()
      .references(() => requirementSets.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    setBy: uuid('set_by').references(() => people.id, { onDelete: 'set null' }),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.setId] }),
    index('requirement_set_exclusions_set_idx').on(t.setId),
  ],
);

/**
 * A time-limited waiver of one requirement for one component (all its versions). An approved
 * exemption counts as n/a until `expiresAt` or its revocation; every step is also in history.
 */
export const requirementExemptions = pgTable(
  'requirement_exemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    componentId: uuid('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    requirementId: uuid('requirement_id')
      .notNull()
      .references(() => requirements.id, { onDelete: 'cascade' }),
    state: exemptionState('state').notNull().default('requested'),
    reason: text('reason').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    requestedBy: uuid('requested_by').references(() => people.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** The reviewer who approved or denied it, or whoever revoked it. */
    decidedBy: uuid('decided_by').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNotes: text('decision_notes').notNull().default(''),
  },
  (t) => [
    index('requirement_exemptions_component_idx').on(t.componentId, t.requirementId),
    index('requirement_exemptions_requirement_idx').on(t.requirementId),
    index('requirement_exemptions_state_idx').on(t.state),
  ],
);

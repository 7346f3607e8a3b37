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
import { componentVersions, teams } from '../catalog/schema.js';

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
    level: text('level'),
  },
  (t) => [uniqueIndex('requirements_title_key').on(sql`lower(${t.title})`)],
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
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('requirement_statuses_key').on(t.versionId, t.requirementId),
    index('requirement_statuses_requirement_idx').on(t.requirementId),
  ],
);

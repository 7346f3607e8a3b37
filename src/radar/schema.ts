import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { components, referenceItems } from '../catalog/schema.js';

/**
 * The tech radar (PRODUCT 3): quadrants and rings in display order, entries, and each entry's
 * timeline of dated ring changes. The current ring is the newest history row; "moved" (in, out,
 * unchanged, new) is derived from the timeline, never stored.
 */

export const radarQuadrants = pgTable(
  'radar_quadrants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    description: text('description').notNull().default(''),
  },
  (t) => [uniqueIndex('radar_quadrants_name_key').on(sql`lower(${t.name})`)],
);

export const radarRings = pgTable(
  'radar_rings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** 0 is the innermost ring (Adopt). */
    position: integer('position').notNull().default(0),
    description: text('description').notNull().default(''),
    /** CSS colour, e.g. `#5ba300`. */
    color: text('color').notNull().default(''),
  },
  (t) => [uniqueIndex('radar_rings_name_key').on(sql`lower(${t.name})`)],
);

export const radarEntries = pgTable(
  'radar_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    label: text('label').notNull(),
    quadrantId: uuid('quadrant_id')
      .notNull()
      .references(() => radarQuadrants.id, { onDelete: 'restrict' }),
    /** Markdown. */
    description: text('description').notNull().default(''),
    link: text('link').notNull().default(''),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('radar_entries_label_key').on(sql`lower(${t.label})`),
    index('radar_entries_quadrant_idx').on(t.quadrantId),
  ],
);

export const radarEntryHistory = pgTable(
  'radar_entry_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => radarEntries.id, { onDelete: 'cascade' }),
    ringId: uuid('ring_id')
      .notNull()
      .references(() => radarRings.id, { onDelete: 'restrict' }),
    date: timestamp('date', { withTimezone: true }).notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [uniqueIndex('radar_entry_history_key').on(t.entryId, t.date)],
);

/**
 * What an entry stands for in the catalog: reference items of the lists languages, frameworks and
 * databases (the components whose versions name them use the technology), or components directly.
 * Exactly one of the two is set.
 */
export const radarEntryLinks = pgTable(
  'radar_entry_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => radarEntries.id, { onDelete: 'cascade' }),
    referenceItemId: uuid('reference_item_id').references(() => referenceItems.id, {
      onDelete: 'cascade',
    }),
    componentId: uuid('component_id').references(() => components.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('radar_entry_links_entry_idx').on(t.entryId),
    uniqueIndex('radar_entry_links_reference_key').on(t.entryId, t.referenceItemId),
    uniqueIndex('radar_entry_links_component_key').on(t.entryId, t.componentId),
    index('radar_entry_links_reference_idx').on(t.referenceItemId),
    index('radar_entry_links_component_idx').on(t.componentId),
    check(
      'radar_entry_links_one_target',
      sql`(${t.referenceItemId} IS NULL) <> (${t.componentId} IS NULL)`,
    ),
  ],
);

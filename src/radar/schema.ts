import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

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

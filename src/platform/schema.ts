import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Counters that every committed write bumps (see generation.ts): read caches key on them.
 */
export const generations = pgTable('generations', {
  scope: text('scope').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per changed field: who, when, what, old and new value, and the request that did it. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    requestId: text('request_id').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** Human reference at the time of the change (`component:default/billing`). */
    entityRef: text('entity_ref').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    field: text('field'),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    reason: text('reason'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId, t.id),
    // The history of an entity and its parts (listHistory's `ref`): the reference itself and
    // the prefixes `ref@` (versions, deployments) and `ref->` (dependencies from it) ...
    index('audit_ref_idx').on(t.entityRef.op('text_pattern_ops')),
    // ... and dependencies to it, by the reference after the arrow.
    index('audit_dependency_to_idx')
      .on(sql`split_part(${t.entityRef}, '->', 2)`)
      .where(sql`${t.entityType} = 'dependency'`),
    index('audit_actor_idx').on(t.actorId, t.id),
    index('audit_at_idx').on(t.at),
  ],
);

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogErrors } from '../../catalog/errors.js';
import { requirePerson } from '../../catalog/people.js';
import { listHistory } from '../../platform/audit/service.js';
import type { Db } from '../../platform/db.js';
import { Invalid } from '../../platform/errors.js';

const HistoryEvent = z.object({
  id: z.number(),
  at: z.date(),
  actor: z.string(),
  requestId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  entityRef: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  reason: z.string().nullable(),
});

/** The audit trail: every field change, newest first, by entity, person or time. */
export const historyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/history',
    {
      schema: {
        tags: ['history'],
        summary: 'Change history (one event per changed field)',
        querystring: z.object({
          entityType: z.string().optional(),
          entityId: z.string().optional(),
          ref: z
            .string()
            .min(3)
            .optional()
            .describe(
              'an entity and its parts: component:default/billing also gives its versions, deployments and dependencies',
            ),
          actorId: z.uuid().optional(),
          actor: z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe('changes made by this person (username)'),
          since: z.iso.datetime({ offset: true }).optional(),
          until: z.iso.datetime({ offset: true }).optional(),
          cursor: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ items: z.array(HistoryEvent), nextCursor: z.number().nullable() }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const actorId = q.actor ? (await requirePerson(db, q.actor, 'actor')).id : q.actorId;
      if (q.actorId && actorId !== q.actorId)
        throw Invalid.field(
          CatalogErrors.unknownReference,
          'actor',
          'names another person than actorId',
        );
      if (q.since && q.until && new Date(q.since) > new Date(q.until))
        throw Invalid.field(CatalogErrors.invalid, 'until', 'is before since');
      const rows = await listHistory(db, {
        entityType: q.entityType,
        entityId: q.entityId,
        ref: q.ref,
        actorId,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        before: q.cursor,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return {
        items: page.map(({ actorName, actorId: _a, ...r }) => ({ ...r, actor: actorName })),
        nextCursor: rows.length > q.limit ? page.at(-1)!.id : null,
      };
    },
  );
};

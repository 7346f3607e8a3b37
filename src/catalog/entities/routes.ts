import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ListQuery, pageOf } from '../contract.js';
import {
  ENTITY_KINDS,
  Entity,
  EntityDefinition,
  EntityPage,
  entityCreate,
  entityPatch,
  KIND_PATHS,
  KIND_TITLES,
  Relation,
  RelationCreate,
} from './contract.js';
import type { EntityService } from './service.js';

const Ref = z.object({ namespace: z.string().min(1), name: z.string().min(1) });
const refOf = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
const tags = { tags: ['catalog'] };

/**
 * HTTP routes of systems (/systems), domains (/domains), APIs (/apis) and catalog resources
 * (/catalog-resources: /resources is the inventory's), the same set for each kind; and the
 * relations of components to them (/entity-relations). Rights live in the service.
 */
export const entityRoutes: FastifyPluginAsyncZod<{ entities: EntityService }> = async (
  app,
  { entities },
) => {
  for (const kind of ENTITY_KINDS) {
    const path = `/${KIND_PATHS[kind]}`;
    const { one, many } = KIND_TITLES[kind];
    app.get(
      path,
      {
        schema: {
          ...tags,
          summary: `List ${many} (DSL filter, full-text, sort, cursor, facets)`,
          querystring: ListQuery,
          response: { 200: pageOf(Entity) },
        },
      },
      async (request) => entities.list(kind, request.query),
    );
    app.post(
      path,
      {
        schema: {
          ...tags,
          summary: `Create a ${one}`,
          body: entityCreate(kind),
          response: { 201: Entity },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await entities.create(request.ctx, kind, request.body)),
    );
    app.get(
      `${path}/:namespace/:name`,
      {
        schema: {
          ...tags,
          summary: `A ${one} page: the ${one}, what belongs to it and the components related to it`,
          params: Ref,
          response: { 200: EntityPage },
        },
      },
      async (request) => entities.page(kind, refOf(request.params), request.ctx.actor),
    );
    app.patch(
      `${path}/:namespace/:name`,
      {
        schema: {
          ...tags,
          summary: `Edit a ${one}`,
          params: Ref,
          body: entityPatch(kind),
          response: { 200: Entity },
        },
      },
      async (request) => entities.update(request.ctx, kind, refOf(request.params), request.body),
    );
    app.delete(
      `${path}/:namespace/:name`,
      {
        schema: {
          ...tags,
          summary: `Delete a ${one} (refused while anything names it)`,
          params: Ref,
        },
      },
      async (request, reply) => {
        await entities.delete(request.ctx, kind, refOf(request.params));
        return reply.status(204).send();
      },
    );
    if (kind === 'api')
      app.get(
        `${path}/:namespace/:name/definition`,
        {
          schema: {
            ...tags,
            summary: "An API's definition: the inline text, or the URL as stored (never fetched)",
            params: Ref,
            response: { 200: EntityDefinition },
          },
        },
        async (request) => entities.definition(kind, refOf(request.params)),
      );
  }

  app.post(
    '/entity-relations',
    {
      schema: {
        ...tags,
        summary: 'A component provides or consumes an API, or depends on a resource',
        body: RelationCreate,
        response: { 201: Relation },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await entities.addRelation(request.ctx, request.body)),
  );
  app.delete(
    '/entity-relations/:id',
    {
      schema: { ...tags, summary: 'Remove a relation', params: z.object({ id: z.uuid() }) },
    },
    async (request, reply) => {
      await entities.removeRelation(request.ctx, request.params.id);
      return reply.status(204).send();
    },
  );
};

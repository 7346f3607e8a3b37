import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EntryCreate,
  EntryLinkInput,
  EntryPatch,
  FormatQuery,
  HoldFlag,
  QuadrantInput,
  QuadrantPatch,
  Radar,
  RadarImportReport,
  RadarQuery,
  RingInput,
  RingPatch,
  TimelinePointInput,
} from './contract.js';
import type { RadarService } from './service.js';

const tags = { tags: ['radar'] };
const Id = z.object({ id: z.uuid() });
const Created = z.object({ id: z.string() });

/**
 * HTTP routes of the tech radar under /radar. Rights live in the service: everyone logged in
 * reads, admins write.
 */
export const radarRoutes: FastifyPluginAsyncZod<{ radar: RadarService }> = async (
  app,
  { radar },
) => {
  app.get(
    '/radar',
    {
      schema: {
        ...tags,
        summary:
          'The radar: quadrants, rings (inner first), numbered entries with timeline, move and the components using them',
        querystring: RadarQuery,
        response: { 200: Radar },
      },
    },
    async (request) => radar.radar(request.ctx, request.query.newDays),
  );

  for (const [kind, Input, Patch] of [
    ['quadrants', QuadrantInput, QuadrantPatch],
    ['rings', RingInput, RingPatch],
  ] as const) {
    const one = kind === 'rings' ? 'ring' : 'quadrant';
    app.post(
      `/radar/${kind}`,
      {
        schema: {
          ...tags,
          summary: `Add a ${one} (admins)`,
          body: Input,
          response: { 201: Created },
        },
      },
      async (request, reply) =>
        reply.status(201).send({
          id:
            kind === 'rings'
              ? await radar.createRing(request.ctx, request.body as RingInput)
              : await radar.createQuadrant(request.ctx, request.body),
        }),
    );
    app.patch(
      `/radar/${kind}/:id`,
      {
        schema: {
          ...tags,
          summary: `Rename, reorder or describe a ${one} (admins)`,
          params: Id,
          body: Patch,
        },
      },
      async (request, reply) => {
        if (kind === 'rings')
          await radar.updateRing(request.ctx, request.params.id, request.body as RingPatch);
        else await radar.updateQuadrant(request.ctx, request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      `/radar/${kind}/:id`,
      {
        schema: {
          ...tags,
          summary: `Delete a ${one} no entry uses (admins)`,
          params: Id,
        },
      },
      async (request, reply) => {
        if (kind === 'rings') await radar.deleteRing(request.ctx, request.params.id);
        else await radar.deleteQuadrant(request.ctx, request.params.id);
        return reply.status(204).send();
      },
    );
  }

  app.post(
    '/radar/entries',
    {
      schema: {
        ...tags,
        summary: 'Add an entry on a ring, with links to the catalog (admins)',
        body: EntryCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await radar.createEntry(request.ctx, request.body) }),
  );
  app.patch(
    '/radar/entries/:id',
    {
      schema: { ...tags, summary: 'Edit an entry (admins)', params: Id, body: EntryPatch },
    },
    async (request, reply) => {
      await radar.updateEntry(request.ctx, request.params.id, request.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/radar/entries/:id',
    { schema: { ...tags, summary: 'Delete an entry and its timeline (admins)', params: Id } },
    async (request, reply) => {
      await radar.deleteEntry(request.ctx, request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/radar/entries/:id/timeline',
    {
      schema: {
        ...tags,
        summary: 'Move an entry: a dated ring change with a note (admins)',
        params: Id,
        body: TimelinePointInput,
      },
    },
    async (request, reply) => {
      await radar.addPoint(request.ctx, request.params.id, request.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/radar/entries/:id/timeline/:pointId',
    {
      schema: {
        ...tags,
        summary: 'Remove a timeline point; the only one stays (admins)',
        params: Id.extend({ pointId: z.uuid() }),
      },
    },
    async (request, reply) => {
      await radar.removePoint(request.ctx, request.params.id, request.params.pointId);
      return reply.status(204).send();
    },
  );
  app.post(
    '/radar/entries/:id/links',
    {
      schema: {
        ...tags,
        summary: 'Link an entry to a language, framework, database or component (admins)',
        params: Id,
        body: EntryLinkInput,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ id: await radar.addLink(request.ctx, request.params.id, request.body) }),
  );
  app.delete(
    '/radar/entries/:id/links/:linkId',
    {
      schema: {
        ...tags,
        summary: 'Remove a link of an entry (admins)',
        params: Id.extend({ linkId: z.uuid() }),
      },
    },
    async (request, reply) => {
      await radar.removeLink(request.ctx, request.params.id, request.params.linkId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/radar/components/:namespace/:name/hold',
    {
      schema: {
        ...tags,
        summary: 'The technologies on Hold (the outermost ring) a component uses',
        params: z.object({ namespace: z.string().min(1), name: z.string().min(1) }),
        response: { 200: HoldFlag },
      },
    },
    async (request) => radar.holdFlag(request.params),
  );

  app.get(
    '/radar/export',
    {
      schema: {
        ...tags,
        summary: "The radar as Zalando's config.json or Backstage's tech radar JSON",
        querystring: FormatQuery,
      },
    },
    async (request, reply) =>
      reply
        .header('content-disposition', `attachment; filename="radar-${request.query.format}.json"`)
        .send(await radar.export(request.query.format)),
  );
  app.post(
    '/radar/import',
    {
      schema: {
        ...tags,
        summary:
          'Import a Zalando config.json or a Backstage tech radar JSON: all checked first, nothing written on a problem (admins)',
        querystring: FormatQuery,
        body: z.record(z.string(), z.unknown()).describe('the file, checked by the format'),
        response: { 201: RadarImportReport },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await radar.import(request.ctx, request.query.format, request.body)),
  );
};

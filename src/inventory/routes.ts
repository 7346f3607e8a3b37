import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ComponentLinkInput,
  ComponentResources,
  ImportReport,
  ResourceCreate,
  ResourceDetail,
  ResourceListQuery,
  ResourcePage,
  ResourcePatch,
  ResourceRuleInput,
  Site,
  SiteInput,
  SiteName,
  SitePatch,
} from './contract.js';
import type { InventoryService } from './service.js';

const resourceTags = { tags: ['inventory'] };
const Id = z.object({ id: z.uuid() });
const SiteParams = z.object({ name: SiteName });
const ComponentParams = z.object({
  namespace: z.string().min(1).max(63),
  name: z.string().min(1).max(63),
});
const Created = z.object({ id: z.string() });
const refOf = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

/**
 * HTTP routes of the inventory: sites, resources (list, one, writes, Panoptes import and
 * export) and the resources of components. Rights live in the service.
 */
export const inventoryRoutes: FastifyPluginAsyncZod<{ inventory: InventoryService }> = async (
  app,
  { inventory },
) => {
  app.get(
    '/sites',
    { schema: { ...resourceTags, summary: 'Sites, by name', response: { 200: z.array(Site) } } },
    async () => inventory.listSites(),
  );
  app.post(
    '/sites',
    {
      schema: {
        ...resourceTags,
        summary: 'Add a site; credentials in its defaults only by reference (admins)',
        body: SiteInput,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await inventory.createSite(request.ctx, request.body) }),
  );
  app.patch(
    '/sites/:name',
    {
      schema: {
        ...resourceTags,
        summary: 'Change a site (admins)',
        params: SiteParams,
        body: SitePatch,
      },
    },
    async (request, reply) => {
      await inventory.updateSite(request.ctx, request.params.name, request.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/sites/:name',
    {
      schema: {
        ...resourceTags,
        summary: 'Delete a site; its resources stay (admins)',
        params: SiteParams,
      },
    },
    async (request, reply) => {
      await inventory.deleteSite(request.ctx, request.params.name);
      return reply.status(204).send();
    },
  );

  app.get(
    '/resources',
    {
      schema: {
        ...resourceTags,
        summary: 'Resources by DSL filter, sorted and paged, with the total and facets',
        querystring: ResourceListQuery,
        response: { 200: ResourcePage },
      },
    },
    async (request) => inventory.listResources(request.query),
  );
  app.get(
    '/resources/export',
    {
      schema: {
        ...resourceTags,
        summary: "The resources (all, or a filter's) as Panoptes' resource JSON",
        querystring: z.object({ filter: z.string().max(10_000).optional() }),
      },
    },
    async (request, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="resources.json"')
        .send(await inventory.exportResources(request.query.filter)),
  );
  app.post(
    '/resources/import',
    {
      schema: {
        ...resourceTags,
        summary:
          "Load Panoptes' resource JSON: good records stored by site and id, bad ones reported by index (admins)",
        // An object per record; anything else is let through here so that the service reports
        // it by its index with the others still loaded, as every bad record is.
        body: z
          .array(z.union([z.record(z.string(), z.unknown()), z.unknown()]))
          .describe('a JSON array of resources, as Panoptes writes them'),
        response: { 200: ImportReport },
      },
    },
    async (request) => inventory.importResources(request.ctx, request.body),
  );
  app.post(
    '/resources',
    {
      schema: {
        ...resourceTags,
        summary: 'Add a resource (admins)',
        body: ResourceCreate,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await inventory.createResource(request.ctx, request.body) }),
  );
  app.get(
    '/resources/:id',
    {
      schema: {
        ...resourceTags,
        summary: 'One resource: metadata, enrichments by namespace, linked components',
        params: Id,
        response: { 200: ResourceDetail },
      },
    },
    async (request) => inventory.resourceDetail(request.ctx, request.params.id),
  );
  app.patch(
    '/resources/:id',
    {
      schema: {
        ...resourceTags,
        summary: 'Change a resource (admins)',
        params: Id,
        body: ResourcePatch,
      },
    },
    async (request, reply) => {
      await inventory.updateResource(request.ctx, request.params.id, request.body);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/resources/:id',
    { schema: { ...resourceTags, summary: 'Delete a resource (admins)', params: Id } },
    async (request, reply) => {
      await inventory.deleteResource(request.ctx, request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/resources/:id/components',
    {
      schema: {
        ...resourceTags,
        summary: "Link a resource to a component (the component's owners)",
        params: Id,
        body: ComponentLinkInput,
      },
    },
    async (request, reply) => {
      await inventory.linkComponent(request.ctx, request.params.id, request.body.component);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/resources/:id/components',
    {
      schema: {
        ...resourceTags,
        summary: "Unlink a resource from a component (the component's owners)",
        params: Id,
        querystring: ComponentLinkInput,
      },
    },
    async (request, reply) => {
      await inventory.unlinkComponent(request.ctx, request.params.id, request.query.component);
      return reply.status(204).send();
    },
  );

  app.get(
    '/components/:namespace/:name/resources',
    {
      schema: {
        ...resourceTags,
        summary: "A component's resources: its links and its rule's matches",
        params: ComponentParams,
        response: { 200: ComponentResources },
      },
    },
    async (request) => inventory.componentResources(request.ctx, refOf(request.params)),
  );
  app.put(
    '/components/:namespace/:name/resource-rule',
    {
      schema: {
        ...resourceTags,
        summary: "Set the DSL rule selecting a component's resources (the component's owners)",
        params: ComponentParams,
        body: ResourceRuleInput,
      },
    },
    async (request, reply) => {
      await inventory.setResourceRule(request.ctx, refOf(request.params), request.body.filter);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/components/:namespace/:name/resource-rule',
    {
      schema: {
        ...resourceTags,
        summary: "Remove a component's resource rule (the component's owners)",
        params: ComponentParams,
      },
    },
    async (request, reply) => {
      await inventory.setResourceRule(request.ctx, refOf(request.params), null);
      return reply.status(204).send();
    },
  );
};

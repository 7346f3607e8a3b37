import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Authenticator } from '../platform/auth/service.js';
import * as C from './contract.js';
import { ComponentEntities, ENTITY_KINDS } from './entities/contract.js';
import type { CatalogService } from './service.js';

const Ref = z.object({ namespace: z.string().min(1), name: z.string().min(1) });
const refOf = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
const tags = (tag: string) => ({ tags: [tag] });

/** HTTP routes of the catalog: validate, call the service, answer. Rights live in the service. */
export const catalogRoutes: FastifyPluginAsyncZod<{
  catalog: CatalogService;
  /** How logging in checks passwords; a password change checks the current one the same way. */
  authenticators: readonly Authenticator[];
}> = async (app, { catalog, authenticators }) => {
  app.get(
    '/components',
    {
      schema: {
        ...tags('catalog'),
        summary: 'List components (DSL filter, full-text, sort, cursor, facets)',
        querystring: C.ListQuery,
        response: { 200: C.pageOf(C.Component) },
      },
    },
    async (request) => catalog.listComponents(request.query),
  );

  app.post(
    '/components',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Create a component',
        body: C.ComponentCreate,
        response: { 201: C.Component },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createComponent(request.ctx, request.body)),
  );

  app.get(
    '/components/:namespace/:name',
    {
      schema: {
        ...tags('catalog'),
        summary:
          'A component page: the component, its versions (highest first) and dependencies both ways',
        params: Ref,
        response: {
          200: z.object({
            component: C.Component,
            canEdit: z
              .boolean()
              .describe('whether you may edit it (the owner, an owner team member or an admin)'),
            may: C.ComponentRights,
            versions: z.array(C.Version),
            dependsOn: z.array(C.Dependency),
            dependents: z.array(C.Dependency),
            ...ComponentEntities.shape,
          }),
        },
      },
    },
    async (request) => catalog.componentPage(refOf(request.params), request.ctx.actor),
  );

  app.patch(
    '/components/:namespace/:name',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Edit a component',
        params: Ref,
        body: C.ComponentPatch,
        response: { 200: C.Component },
      },
    },
    async (request) => catalog.updateComponent(request.ctx, refOf(request.params), request.body),
  );

  app.delete(
    '/components/:namespace/:name',
    { schema: { ...tags('catalog'), summary: 'Delete a component', params: Ref } },
    async (request, reply) => {
      await catalog.deleteComponent(request.ctx, refOf(request.params));
      return reply.status(204).send();
    },
  );

  const VersionParams = Ref.extend({ version: z.string().min(1) });
  app.post(
    '/components/:namespace/:name/versions',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Add a version',
        params: Ref,
        body: C.VersionCreate,
        response: { 201: C.Version },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await catalog.createVersion(request.ctx, refOf(request.params), request.body)),
  );
  app.patch(
    '/components/:namespace/:name/versions/:version',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Edit a version',
        params: VersionParams,
        body: C.VersionPatch,
        response: { 200: C.Version },
      },
    },
    async (request) =>
      catalog.updateVersion(
        request.ctx,
        refOf(request.params),
        request.params.version,
        request.body,
      ),
  );
  app.delete(
    '/components/:namespace/:name/versions/:version',
    { schema: { ...tags('catalog'), summary: 'Delete a version', params: VersionParams } },
    async (request, reply) => {
      await catalog.deleteVersion(request.ctx, refOf(request.params), request.params.version);
      return reply.status(204).send();
    },
  );
  app.post(
    '/components/:namespace/:name/versions/:version/deployments',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Record a deployment of a version',
        params: VersionParams,
        body: C.DeploymentCreate,
        response: { 201: C.Version },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await catalog.addDeployment(
            request.ctx,
            refOf(request.params),
            request.params.version,
            request.body,
          ),
        ),
  );
  app.delete(
    '/components/:namespace/:name/deployments/:id',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Remove a deployment record',
        params: Ref.extend({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      await catalog.removeDeployment(request.ctx, refOf(request.params), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/dependencies',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Add a dependency (cycles are refused)',
        body: C.DependencyCreate,
        response: { 201: C.Dependency },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.addDependency(request.ctx, request.body)),
  );
  app.delete(
    '/dependencies/:id',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Remove a dependency',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      await catalog.removeDependency(request.ctx, request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/graph',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Dependency graph: around one component to a depth, or the whole catalog',
        querystring: z.object({
          root: z.string().optional(),
          depth: z.coerce.number().int().min(1).max(10).default(2),
          direction: z
            .enum(C.GRAPH_DIRECTIONS)
            .default('both')
            .describe(
              'around a root: upstream (what it depends on), downstream (what depends on it) or both (the two walks, each from the root)',
            ),
        }),
        response: { 200: C.Graph },
      },
    },
    async (request) =>
      catalog.graph(request.query.root, request.query.depth, request.query.direction),
  );

  app.get(
    '/people',
    {
      schema: {
        ...tags('people'),
        summary: 'List people',
        querystring: z.object({
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
          hidden: z.stringbool().default(false),
        }),
        response: { 200: z.object({ items: z.array(C.Person) }) },
      },
    },
    async (request) => ({
      items: await catalog.listPeople({
        q: request.query.q,
        limit: request.query.limit,
        includeHidden: request.query.hidden,
      }),
    }),
  );
  const Username = z.object({ username: z.string().min(1) });
  app.post(
    '/people',
    {
      schema: {
        ...tags('people'),
        summary: 'Add a person (admins)',
        body: C.PersonCreate,
        response: { 201: C.Person },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createPerson(request.ctx, request.body)),
  );
  app.get(
    '/people/:username',
    {
      schema: {
        ...tags('people'),
        summary: 'A person',
        params: Username,
        response: { 200: C.Person },
      },
    },
    async (request) => catalog.getPerson(request.params.username),
  );
  app.get(
    '/people/:username/responsibilities',
    {
      schema: {
        ...tags('people'),
        summary:
          "A person's teams and the components they own or hold roles on (the components paged)",
        params: Username,
        querystring: C.ResponsibilitiesQuery,
        response: { 200: C.PersonResponsibilities },
      },
    },
    async (request) => catalog.responsibilitiesOf(request.params.username, request.query),
  );
  app.patch(
    '/people/:username',
    {
      schema: {
        ...tags('people'),
        summary: 'Edit a person (admins, or yourself)',
        params: Username,
        body: C.PersonPatch,
        response: { 200: C.Person },
      },
    },
    async (request) => catalog.updatePerson(request.ctx, request.params.username, request.body),
  );
  app.post(
    '/people/:username/password',
    {
      schema: {
        ...tags('people'),
        summary:
          'Change a password (yourself, with your current one; or an admin reset); ends sessions',
        description:
          'Changing your own password ends your other sessions and keeps the one you send it from; ' +
          "an admin reset of someone else's ends all of their sessions. Their API tokens are " +
          'revoked too unless `revokeApiTokens` is false.',
        params: Username,
        body: C.PasswordChange,
        response: { 200: C.PasswordChanged },
      },
      // Guessing `currentPassword` here is guessing a password: the same limit as logging in.
      config: { rateLimitKey: 'login' },
    },
    async (request) =>
      catalog.changePassword(request.ctx, request.params.username, request.body, authenticators),
  );
  app.delete(
    '/people/:username',
    { schema: { ...tags('people'), summary: 'Remove a person (admins)', params: Username } },
    async (request, reply) => {
      await catalog.deletePerson(request.ctx, request.params.username);
      return reply.status(204).send();
    },
  );

  const TeamName = z.object({ team: z.string().min(1) });
  app.get(
    '/teams',
    {
      schema: {
        ...tags('people'),
        summary: 'List teams',
        response: { 200: z.object({ items: z.array(C.Team) }) },
      },
    },
    async () => ({ items: await catalog.listTeams() }),
  );
  app.post(
    '/teams',
    {
      schema: {
        ...tags('people'),
        summary: 'Create a team (admins)',
        body: C.TeamCreate,
        response: { 201: C.Team },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await catalog.createTeam(request.ctx, request.body)),
  );
  app.get(
    '/teams/:team',
    {
      schema: {
        ...tags('people'),
        summary: 'A team, with what you may do with it',
        params: TeamName,
        response: { 200: C.Team.extend({ may: C.TeamRights }) },
      },
    },
    async (request) => catalog.teamPage(request.params.team, request.ctx.actor),
  );
  app.patch(
    '/teams/:team',
    {
      schema: {
        ...tags('people'),
        summary: 'Edit a team (admins, team members)',
        params: TeamName,
        body: C.TeamPatch,
        response: { 200: C.Team },
      },
    },
    async (request) => catalog.updateTeam(request.ctx, request.params.team, request.body),
  );
  app.delete(
    '/teams/:team',
    { schema: { ...tags('people'), summary: 'Delete a team (admins)', params: TeamName } },
    async (request, reply) => {
      await catalog.deleteTeam(request.ctx, request.params.team);
      return reply.status(204).send();
    },
  );

  const ListName = z.object({ list: z.enum(C.REFERENCE_LISTS) });
  const ItemName = ListName.extend({ item: z.string().min(1) });
  app.get(
    '/reference',
    {
      schema: {
        ...tags('reference'),
        summary: 'The reference lists',
        response: { 200: z.object({ lists: z.array(z.string()) }) },
      },
    },
    async () => ({ lists: [...C.REFERENCE_LISTS] }),
  );
  app.get(
    '/reference/:list',
    {
      schema: {
        ...tags('reference'),
        summary: 'Items of a reference list',
        params: ListName,
        response: { 200: z.object({ items: z.array(C.ReferenceItem) }) },
      },
    },
    async (request) => ({ items: await catalog.listReference(request.params.list) }),
  );
  app.post(
    '/reference/:list',
    {
      schema: {
        ...tags('reference'),
        summary: 'Add an item (admins)',
        params: ListName,
        body: C.ReferenceItemCreate,
        response: { 201: C.ReferenceItem },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await catalog.createReference(request.ctx, request.params.list, request.body)),
  );
  app.patch(
    '/reference/:list/:item',
    {
      schema: {
        ...tags('reference'),
        summary: 'Edit or rename an item (admins; renames cascade)',
        params: ItemName,
        body: C.ReferenceItemPatch,
        response: { 200: C.ReferenceItem },
      },
    },
    async (request) =>
      catalog.updateReference(request.ctx, request.params.list, request.params.item, request.body),
  );
  app.delete(
    '/reference/:list/:item',
    {
      schema: { ...tags('reference'), summary: 'Delete an unused item (admins)', params: ItemName },
    },
    async (request, reply) => {
      await catalog.deleteReference(request.ctx, request.params.list, request.params.item);
      return reply.status(204).send();
    },
  );

  app.get(
    '/search',
    {
      schema: {
        ...tags('catalog'),
        summary: 'Global search over components, people and teams',
        querystring: z.object({ q: z.string().max(200) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                kind: z.enum(['component', 'person', 'team', ...ENTITY_KINDS]),
                ref: z.string(),
                title: z.string(),
                subtitle: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await catalog.search(request.query.q) }),
  );
};

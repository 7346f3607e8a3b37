import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ActionService } from './actions/service.js';
import type { ComponentConfigService } from './config/service.js';
import {
  ActionDryRun,
  ActionPlan,
  ComponentConfig,
  ComponentConfigInput,
  ComponentConfigParams,
  ComponentConfigQuery,
  EffectiveConfig,
  EffectiveQuery,
  Environment,
  EnvironmentInput,
  EnvironmentList,
  EnvironmentParams,
  Members,
  Space,
  SpaceCreate,
  SpaceList,
  SpaceParams,
  SpacePatch,
} from './contract.js';
import type { EnvironmentService } from './environments/service.js';
import type { SpaceService } from './spaces/service.js';

const tags = { tags: ['deploy'] };

export interface DeployRoutesOptions {
  spaces: SpaceService;
  environments: EnvironmentService;
  configs: ComponentConfigService;
  actions: ActionService;
}

/**
 * HTTP routes of deployments under /deploy: spaces, members, environments and component deploy
 * configurations. Thin: every right is checked by the services through spaces/rights.ts.
 */
export const deployRoutes: FastifyPluginAsyncZod<DeployRoutesOptions> = async (
  app,
  { spaces, environments, configs, actions },
) => {
  app.post(
    '/deploy/spaces/:space/actions/dry-run',
    {
      schema: {
        ...tags,
        summary:
          'Plan an action without running it: hosts, batches and the exact commands (operators)',
        params: SpaceParams,
        body: ActionDryRun,
        response: { 200: ActionPlan },
      },
    },
    async (request) => actions.dryRun(request.ctx, request.params.space, request.body),
  );

  app.get(
    '/deploy/spaces',
    {
      schema: {
        ...tags,
        summary: 'The spaces the caller has a role in (all of them for admins)',
        response: { 200: SpaceList },
      },
    },
    async (request) => spaces.list(request.ctx),
  );
  app.post(
    '/deploy/spaces',
    {
      schema: {
        ...tags,
        summary: 'Create a space (admins)',
        body: SpaceCreate,
        response: { 201: Space },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await spaces.create(request.ctx, request.body)),
  );
  app.get(
    '/deploy/spaces/:space',
    {
      schema: {
        ...tags,
        summary: "A space and the caller's rights in it",
        params: SpaceParams,
        response: { 200: Space },
      },
    },
    async (request) => spaces.get(request.ctx, request.params.space),
  );
  app.patch(
    '/deploy/spaces/:space',
    {
      schema: {
        ...tags,
        summary: 'Change a space (admins)',
        params: SpaceParams,
        body: SpacePatch,
        response: { 200: Space },
      },
    },
    async (request) => spaces.update(request.ctx, request.params.space, request.body),
  );
  app.delete(
    '/deploy/spaces/:space',
    {
      schema: {
        ...tags,
        summary: 'Delete a space with its environments, configurations and actions (admins)',
        params: SpaceParams,
      },
    },
    async (request, reply) => {
      await spaces.delete(request.ctx, request.params.space);
      return reply.status(204).send();
    },
  );
  app.get(
    '/deploy/spaces/:space/members',
    {
      schema: {
        ...tags,
        summary: 'Members of a space',
        params: SpaceParams,
        response: { 200: Members },
      },
    },
    async (request) => spaces.members(request.ctx, request.params.space),
  );
  app.put(
    '/deploy/spaces/:space/members',
    {
      schema: {
        ...tags,
        summary: 'Replace the members of a space: people or teams with a role (space admins)',
        params: SpaceParams,
        body: Members,
        response: { 200: Members },
      },
    },
    async (request) => spaces.setMembers(request.ctx, request.params.space, request.body.members),
  );

  app.get(
    '/deploy/spaces/:space/environments',
    {
      schema: {
        ...tags,
        summary: 'Environments of a space',
        params: SpaceParams,
        response: { 200: EnvironmentList },
      },
    },
    async (request) => environments.list(request.ctx, request.params.space),
  );
  app.get(
    '/deploy/spaces/:space/environments/:environment',
    {
      schema: {
        ...tags,
        summary: 'An environment and its configuration',
        params: EnvironmentParams,
        response: { 200: Environment },
      },
    },
    async (request) =>
      environments.get(request.ctx, request.params.space, request.params.environment),
  );
  app.put(
    '/deploy/spaces/:space/environments/:environment',
    {
      schema: {
        ...tags,
        summary: 'Create an environment or change it (space admins); the configuration is YAML',
        params: EnvironmentParams,
        body: EnvironmentInput,
        response: { 200: Environment, 201: Environment },
      },
    },
    async (request, reply) => {
      const { created, environment } = await environments.put(
        request.ctx,
        request.params.space,
        request.params.environment,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(environment);
    },
  );
  app.delete(
    '/deploy/spaces/:space/environments/:environment',
    {
      schema: {
        ...tags,
        summary: 'Delete an environment (space admins)',
        params: EnvironmentParams,
      },
    },
    async (request, reply) => {
      await environments.delete(request.ctx, request.params.space, request.params.environment);
      return reply.status(204).send();
    },
  );
  app.get(
    '/deploy/spaces/:space/environments/:environment/effective',
    {
      schema: {
        ...tags,
        summary:
          'The effective configuration of a component in an environment, with the source of every leaf',
        params: EnvironmentParams,
        querystring: EffectiveQuery,
        response: { 200: EffectiveConfig },
      },
    },
    async (request) =>
      configs.effective(
        request.ctx,
        request.params.space,
        request.params.environment,
        request.query.component,
      ),
  );

  app.get(
    '/deploy/spaces/:space/components/:component/config',
    {
      schema: {
        ...tags,
        summary: "A component's deploy configuration, for all environments or for one",
        params: ComponentConfigParams,
        querystring: ComponentConfigQuery,
        response: { 200: ComponentConfig },
      },
    },
    async (request) =>
      configs.get(
        request.ctx,
        request.params.space,
        request.params.component,
        request.query.environment,
      ),
  );
  app.put(
    '/deploy/spaces/:space/components/:component/config',
    {
      schema: {
        ...tags,
        summary:
          "Write a component's deploy configuration (YAML), for all environments or for one (space admins)",
        params: ComponentConfigParams,
        querystring: ComponentConfigQuery,
        body: ComponentConfigInput,
        response: { 200: ComponentConfig, 201: ComponentConfig },
      },
    },
    async (request, reply) => {
      const { created, config } = await configs.put(
        request.ctx,
        request.params.space,
        request.params.component,
        request.query.environment,
        request.body.config,
      );
      return reply.status(created ? 201 : 200).send(config);
    },
  );
  app.delete(
    '/deploy/spaces/:space/components/:component/config',
    {
      schema: {
        ...tags,
        summary: "Delete a component's deploy configuration (space admins)",
        params: ComponentConfigParams,
        querystring: ComponentConfigQuery,
      },
    },
    async (request, reply) => {
      await configs.delete(
        request.ctx,
        request.params.space,
        request.params.component,
        request.query.environment,
      );
      return reply.status(204).send();
    },
  );
};

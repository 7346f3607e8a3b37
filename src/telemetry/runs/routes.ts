import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PluginList, ResourcePolling, RunPage, RunQuery } from './contract.js';
import type { TelemetryRunsService } from './service.js';

const tags = { tags: ['telemetry'] };

/** The plugins API: read by anyone logged in (the authentication hook sees to it). */
export const telemetryRunRoutes: FastifyPluginAsyncZod<{ runs: TelemetryRunsService }> = async (
  app,
  { runs },
) => {
  app.get(
    '/telemetry/plugins',
    {
      schema: {
        ...tags,
        summary:
          'Plugins as configured, the plugin files skipped (file, key, reason), and each plugin’s runs in the last hour: counts by status, mean and p95 duration, last error',
        response: { 200: PluginList },
      },
    },
    async () => runs.plugins(),
  );

  app.get(
    '/telemetry/plugins/:plugin/runs',
    {
      schema: {
        ...tags,
        summary: 'A plugin’s runs, newest first, by subject and status; cursor paged',
        params: z.object({ plugin: z.string().min(1).max(128) }),
        querystring: RunQuery,
        response: { 200: RunPage },
      },
    },
    async (request) => runs.runs(request.params.plugin, request.query),
  );

  app.get(
    '/resources/:id/runs',
    {
      schema: {
        ...tags,
        summary:
          'A resource’s polling: each plugin scheduled for it with its last run, and its latest runs',
        params: z.object({ id: z.uuid() }),
        response: { 200: ResourcePolling },
      },
    },
    async (request) => runs.resourcePolling(request.params.id),
  );
};

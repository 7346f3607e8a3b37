import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  LatestQuery,
  LatestResult,
  RangeQuery,
  RangeResult,
  SeriesList,
  SeriesSelector,
} from './contract.js';
import type { MetricQueryService } from './service.js';

const tags = { tags: ['metrics'] };

/** The built-in store's read API under /metrics (mounted at /api): everyone logged in reads. */
export const metricQueryRoutes: FastifyPluginAsyncZod<{ metrics: MetricQueryService }> = async (
  app,
  { metrics },
) => {
  app.get(
    '/metrics/series',
    {
      schema: {
        ...tags,
        summary:
          'Series selected by a resource filter (DSL), group type, metric and dimension.NAME=VALUE',
        querystring: SeriesSelector,
        response: { 200: SeriesList },
      },
    },
    async (request) => metrics.series(request.query),
  );
  app.get(
    '/metrics/query',
    {
      schema: {
        ...tags,
        summary:
          'Points of the selected series over start..end every step seconds, at the resolution the range calls for (raw, 1m or 1h rollups)',
        querystring: RangeQuery,
        response: { 200: RangeResult },
      },
    },
    async (request) => metrics.range(request.query),
  );
  app.get(
    '/metrics/latest',
    {
      schema: {
        ...tags,
        summary: 'The newest value of every series of a resource',
        querystring: LatestQuery,
        response: { 200: LatestResult },
      },
    },
    async (request) => metrics.latest(request.query.resource),
  );
};

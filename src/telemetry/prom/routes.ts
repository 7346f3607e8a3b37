import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { ArgusError } from '../../platform/errors.js';
import { answerError } from '../../server/errors.js';
import { InstantQuery, LabelName, LabelsQuery, RangeQuery, SeriesQuery } from './contract.js';
import { ParamError, parseDuration, parseTime } from './params.js';
import { MAX_LABEL_SERIES, PromQueryError, type PromReader } from './read.js';
import { type Matcher, parseSelector, SelectorError } from './selector.js';

/**
 * A Prometheus-compatible read API over the built-in store, for Grafana's Prometheus data source
 * (docs/telemetry-sinks.md): `query`, `query_range`, `series`, `labels`, `label/:name/values`
 * under `/api/prom/api/v1`, GET or form POST, answering Prometheus' JSON. Only plain selectors
 * are evaluated (src/telemetry/prom/selector.ts). Authenticated like every /api route: Grafana
 * sends an Argus API token as `Authorization: Bearer`.
 *
 * Errors speak Prometheus too, since that is what its clients read: bad input is 400
 * `{"status":"error","errorType":"bad_data","error":"..."}`. Refusals that are not about the
 * query (not logged in, a server fault) keep Argus' problem+json. The routes stay out of the
 * OpenAPI document, like /metrics: they are Prometheus' protocol, documented by Prometheus.
 */

const hidden = { hide: true } as const;

/** Prometheus' sample value: a string, so NaN and infinities survive JSON. */
const sampleValue = (v: number) =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);

const success = (data: unknown) => ({ status: 'success', data });

function isBadInput(error: unknown): error is Error {
  return (
    error instanceof SelectorError ||
    error instanceof ParamError ||
    error instanceof PromQueryError ||
    (error instanceof ArgusError && error.status === 400) ||
    hasZodFastifySchemaValidationErrors(error) ||
    (typeof (error as FastifyError).statusCode === 'number' &&
      (error as FastifyError).statusCode === 400)
  );
}

function answerPromError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (!isBadInput(error)) {
    answerError(error, request, reply);
    return;
  }
  let message = error.message;
  if (hasZodFastifySchemaValidationErrors(error)) {
    message = error.validation
      .map(
        (v) =>
          `invalid parameter ${JSON.stringify(v.instancePath.split('/').filter(Boolean).join('.') || error.validationContext)}: ${v.message}`,
      )
      .join('; ');
  }
  reply.status(400).send({ status: 'error', errorType: 'bad_data', error: message });
}

/** `match[]` given once or repeated, as matcher sets. */
function matcherSets(given: string | string[] | undefined): Matcher[][] {
  if (given === undefined) return [];
  return (Array.isArray(given) ? given : [given]).map(parseSelector);
}

/** A POST body form-encoded, as Prometheus clients send it; repeated keys become arrays. */
function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const had = out[key];
    out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

export const promRoutes: FastifyPluginAsyncZod<{ reader: PromReader }> = async (
  app,
  { reader },
) => {
  app.setErrorHandler(answerPromError);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseForm(body as string)),
  );

  const both = <T>(url: string, schema: ZodType<T>, handle: (params: T) => Promise<unknown>) => {
    app.get(url, { schema: { ...hidden, querystring: schema } }, async (request) =>
      handle(request.query as T),
    );
    app.post(url, { schema: { ...hidden, body: schema } }, async (request) =>
      handle(request.body as T),
    );
  };

  both('/query', InstantQuery, async (params) => {
    const matchers = parseSelector(params.query);
    const at = params.time === undefined ? Date.now() / 1000 : parseTime('time', params.time);
    const samples = await reader.instant(matchers, at);
    return success({
      resultType: 'vector',
      result: samples.map((s) => ({ metric: s.labels, value: [at, sampleValue(s.value)] })),
    });
  });

  both('/query_range', RangeQuery, async (params) => {
    const matchers = parseSelector(params.query);
    const start = parseTime('start', params.start);
    const end = parseTime('end', params.end);
    const step = parseDuration('step', params.step);
    if (end < start) throw new ParamError('end', 'end timestamp must not be before start time');
    const series = await reader.range(matchers, start, end, step);
    return success({
      resultType: 'matrix',
      result: series.map((s) => ({
        metric: s.labels,
        values: s.values.map(([t, v]) => [t, sampleValue(v)]),
      })),
    });
  });

  both('/series', SeriesQuery, async (params) => {
    const sets = matcherSets(params['match[]']);
    if (sets.length === 0) throw new ParamError('match[]', 'no match[] parameter provided');
    const series = await reader.series(sets);
    return success(series.map((s) => s.labels));
  });

  /** Label names, or one label's values, over the series `match[]` selects (all without it). */
  const labelsOf = async (given: string | string[] | undefined) => {
    const sets = matcherSets(given);
    // Without match[], every series: `__name__=~".+"` matches each one (all have a name).
    return reader.series(
      sets.length > 0 ? sets : [[{ name: '__name__', op: '=~', value: '.+' }]],
      MAX_LABEL_SERIES,
    );
  };

  both('/labels', LabelsQuery, async (params) => {
    const names = new Set<string>();
    for (const s of await labelsOf(params['match[]']))
      for (const n of Object.keys(s.labels)) names.add(n);
    return success([...names].sort());
  });

  app.get(
    '/label/:name/values',
    { schema: { ...hidden, params: LabelName, querystring: LabelsQuery } },
    async (request) => {
      const { name } = request.params;
      const values = new Set<string>();
      for (const s of await labelsOf(request.query['match[]'])) {
        const value = s.labels[name];
        if (value !== undefined) values.add(value);
      }
      return success([...values].sort());
    },
  );
};

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DslFieldError, DslSyntaxError } from '../dsl/index.js';
import { DatabaseUnavailable, translateDatabaseError } from '../platform/db-errors.js';
import { ArgusError, defineErrors, type ErrorCode, type FieldProblem } from '../platform/errors.js';
import { installValidationMessages } from '../platform/validation-messages.js';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  problems?: FieldProblem[];
}

/** Codes of refusals the server itself answers, before or around any module. */
export const RequestErrors = defineErrors({
  invalid: { code: 'ARGUS_REQUEST_INVALID', status: 400 },
  tooLarge: { code: 'ARGUS_REQUEST_TOO_LARGE', status: 413 },
  unsupportedType: { code: 'ARGUS_REQUEST_UNSUPPORTED_TYPE', status: 415 },
  routeNotFound: { code: 'ARGUS_ROUTE_NOT_FOUND', status: 404 },
  internal: { code: 'ARGUS_INTERNAL', status: 500 },
});

/** The filter language's codes (src/dsl/errors.ts carries them); both answer 400. */
export const DslErrors = defineErrors({
  syntax: { code: 'ARGUS_DSL_SYNTAX', status: 400 },
  field: { code: 'ARGUS_DSL_FIELD', status: 400 },
});

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function frameworkCode(status: number): ErrorCode {
  if (status === 413) return RequestErrors.tooLarge;
  if (status === 415) return RequestErrors.unsupportedType;
  return RequestErrors.invalid;
}

/**
 * How a problem names a field: body fields by their path (`links.0.url`), as services name them;
 * the query and path parameters with their part (`query.filter`, `params.name`).
 */
export function fieldName(where: string, path: readonly string[]): string {
  // Fastify calls the query `querystring`; clients know it as the query.
  const part = where === 'querystring' ? 'query' : where;
  if (path.length === 0) return part;
  return part === 'body' ? path.join('.') : `${part}.${path.join('.')}`;
}

function problem<S extends number>(
  status: S,
  code: ErrorCode<S>,
  detail: string,
  instance: string,
  problems?: FieldProblem[],
): Problem {
  return {
    type: `https://argus.dev/errors/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance,
    ...(problems && problems.length > 0 ? { problems } : {}),
  };
}

/** Maps every error kind once to a problem+json response; nothing else formats errors. */
export function answerError(
  thrown: FastifyError | ArgusError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // What the database refused (it is gone, a duplicate, a broken reference), as a typed error.
  const error: FastifyError | ArgusError = translateDatabaseError(thrown) ?? thrown;
  // A refusal the client can act on is still a failed statement worth a line (logging.ts keeps
  // its parameters out); an untranslated one is logged as a bug below.
  if (error !== thrown) request.log.warn({ err: thrown }, 'the database refused a statement');
  if (error instanceof DatabaseUnavailable)
    reply.header('retry-after', String(error.retryAfterSeconds));
  let body: Problem;
  if (error instanceof ArgusError) {
    body = problem(error.status, error.code, error.message, request.url, error.problems);
  } else if (error instanceof DslSyntaxError) {
    const field = 'filter';
    body = problem(400, DslErrors.syntax, `filter: ${error.message}`, request.url, [
      { field, reason: `line ${error.line}, column ${error.column}: ${error.message}` },
    ]);
    Object.assign(body, { line: error.line, column: error.column });
  } else if (error instanceof DslFieldError) {
    body = problem(400, DslErrors.field, `filter: ${error.message}`, request.url, [
      { field: 'filter', reason: error.message },
    ]);
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const problems = error.validation.map((v) => ({
      field: fieldName(where, v.instancePath.split('/').filter(Boolean)),
      reason: v.message ?? 'invalid',
    }));
    body = problem(
      400,
      RequestErrors.invalid,
      problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
      request.url,
      problems,
    );
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own refusals (body too large, unknown content type, broken JSON) get Argus
    // codes, so clients handle one documented set.
    body = problem(error.statusCode, frameworkCode(error.statusCode), error.message, request.url);
  } else {
    request.log.error({ err: error }, 'unhandled error');
    body = problem(
      500,
      RequestErrors.internal,
      'an internal error occurred; the request id is in the logs',
      request.url,
    );
  }
  reply.status(body.status).type('application/problem+json').send(body);
}

export function installErrorHandler(app: FastifyInstance): void {
  // Field problems read as sentences ("name: at most 63 characters"), not Zod's wording.
  installValidationMessages();
  app.setErrorHandler(answerError);

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .type('application/problem+json')
      .send(
        problem(
          404,
          RequestErrors.routeNotFound,
          `no route ${request.method} ${request.url.split('?')[0]}`,
          request.url,
        ),
      );
  });
}

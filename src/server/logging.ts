import type { FastifyServerOptions } from 'fastify';

/**
 * What the log may hold. Requests carry credentials in headers and bodies, and a failed
 * statement carries the values it was writing (a password hash, a token digest): pino redacts
 * the first, and the `err` serializer below keeps the second out, for every `log.*({ err })` in
 * the process, not only the error handler's.
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  // Bodies are not logged today; should one ever be, its secrets stay out.
  ...['password', 'currentPassword', 'newPassword', 'passwordHash', 'token', 'secret'].flatMap(
    (key) => [key, `*.${key}`, `*.*.${key}`],
  ),
];

/** Longest statement text logged: a batch insert can be megabytes of placeholders. */
const MAX_STATEMENT = 2000;
/** How far down `cause` chains an error is followed. */
const MAX_CAUSES = 5;

interface DriverError extends Error {
  code: string;
  severity?: string;
  constraint?: string;
  table?: string;
  schema?: string;
  column?: string;
  dataType?: string;
  routine?: string;
}

/** A PostgreSQL error as both drivers raise it (pg's and PGlite's DatabaseError). */
function isDriverError(error: Error): error is DriverError {
  const { code, severity } = error as Partial<DriverError>;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

function causes(error: Error): Error[] {
  const chain = [error];
  let next = error.cause;
  while (next instanceof Error && chain.length <= MAX_CAUSES) {
    chain.push(next);
    next = next.cause;
  }
  return chain;
}

/** The `at ...` lines of a stack: its first lines repeat the message, which may hold values. */
function frames(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

/** An error as logged: pino's shape (type, message, stack) and what else may be said. */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

/**
 * An error as the log may show it. A database failure becomes its SQLSTATE, constraint, table,
 * column and statement text (placeholders, never the parameters), without the driver's message
 * and `detail`, which echo the row ("Failing row contains (..., $argon2id$...)"). Anything else
 * keeps its type, message, code and stack, and its causes the same way.
 */
export function loggableError(error: unknown): LoggedError {
  // A thrown non-Error could be any value, a secret included: only its kind is told.
  if (!(error instanceof Error))
    return { type: typeof error, message: 'a value that is not an Error was thrown', stack: '' };
  const chain = causes(error);
  const driver = chain.find(isDriverError);
  // Drizzle's DrizzleQueryError and PGlite's errors both carry the statement as `query`.
  const query = chain
    .map((e) => (e as { query?: unknown }).query)
    .find((q) => typeof q === 'string');
  if (driver || query !== undefined) {
    return {
      type: error.name,
      message: 'the database refused a statement',
      sqlState: driver?.code,
      constraint: driver?.constraint,
      schema: driver?.schema,
      table: driver?.table,
      column: driver?.column,
      dataType: driver?.dataType,
      routine: driver?.routine,
      statement: query?.slice(0, MAX_STATEMENT),
      stack: frames(error.stack),
    };
  }
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    stack: error.stack ?? '',
    ...(error.cause !== undefined ? { cause: loggableError(error.cause) } : {}),
  };
}

/** Where and how much to log; tests send the lines into a buffer. */
export interface LogOptions {
  level?: string;
  stream?: { write(line: string): void };
}

/** Fastify's logger options: the level, the redactions and the error serializer. */
export function loggerOptions(
  level: string,
  options: LogOptions = {},
): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  return {
    level: options.level ?? level,
    redact: REDACTED,
    serializers: { err: loggableError },
    ...(options.stream ? { stream: options.stream } : {}),
  };
}

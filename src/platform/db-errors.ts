import { ArgusError, Conflict, defineErrors, Invalid, Unavailable } from './errors.js';

/** What the database refused, as the client hears it (translateDatabaseError). */
export const DatabaseErrors = defineErrors({
  unavailable: { code: 'ARGUS_DB_UNAVAILABLE', status: 503 },
  duplicate: { code: 'ARGUS_CONFLICT_DUPLICATE', status: 409 },
  reference: { code: 'ARGUS_CONFLICT_REFERENCE', status: 409 },
  invalidValue: { code: 'ARGUS_INVALID_VALUE', status: 400 },
});

/**
 * The database cannot be reached or dropped the connection (restart, failover, a terminated
 * backend). Answered 503 with Retry-After: the pool opens fresh connections on the next request,
 * so trying again shortly works once the database is back.
 */
export class DatabaseUnavailable extends Unavailable {
  /** What Retry-After says: long enough for a PostgreSQL restart, short for a dropped connection. */
  readonly retryAfterSeconds = 5;
  constructor() {
    super(DatabaseErrors.unavailable, 'the database is unavailable; try again shortly');
  }
}

/** SQLSTATEs that mean the connection, not the statement, failed (class 08 is tested apart). */
const LOST_STATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections: no connection to be had until one frees up
]);

/**
 * Socket errors of node's net and dns when the server cannot be reached or went away. Only the
 * database's reach a request's error handler raw: Argus's other outbound connections (LDAP)
 * turn theirs into typed errors of their own, which are never translated.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What pg says, without a code, when a connection died or none could be had in time. */
const LOST_MESSAGES = [
  /^Connection terminated/, // "... unexpectedly", "... due to connection timeout"
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/, // connectionTimeoutMillis while the pool is full
  /^Cannot use a pool after calling end on the pool/, // a request still running at shutdown
];

interface DriverError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  constraint?: unknown;
  table?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * The errors an error is made of: Drizzle wraps the driver's error as `cause` (DrizzleQueryError,
 * whose own message holds the query and its parameters), node wraps both address families' socket
 * errors in an AggregateError.
 */
function layers(error: unknown): DriverError[] {
  const out: DriverError[] = [];
  const pending = [error];
  while (pending.length > 0 && out.length < 10) {
    const next = pending.shift();
    if (next === null || typeof next !== 'object') continue;
    const layer = next as DriverError;
    out.push(layer);
    pending.push(layer.cause);
    if (Array.isArray(layer.errors)) pending.push(...layer.errors);
  }
  return out;
}

function connectionLost(layer: DriverError): boolean {
  const code = typeof layer.code === 'string' ? layer.code : '';
  if (LOST_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code)) return true;
  const message = typeof layer.message === 'string' ? layer.message : '';
  return LOST_MESSAGES.some((pattern) => pattern.test(message));
}

/** `owner_team_id` -> `ownerTeamId`: the name the schema and the services use. */
function fieldName(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Splits at commas outside parentheses: `lower(namespace), lower(name)`. */
function splitTop(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/**
 * The columns of a constraint violation's detail, `Key (lower((name)::text))=(x) already exists.`:
 * in each key expression the identifier that is not a function or a type.
 */
function keyColumns(detail: unknown): string[] {
  if (typeof detail !== 'string') return [];
  const match = /^Key \((.*)\)=\(/s.exec(detail);
  if (!match) return [];
  return splitTop(match[1]!)
    .map((part) => {
      const names = [...part.replace(/::[\w ]+/g, '').matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)];
      return names.at(-1)?.[1];
    })
    .filter((name): name is string => name !== undefined);
}

/** `components_owner_check` on table `components` -> `owner`: for when there is no detail. */
function constraintColumn(layer: DriverError, suffix: RegExp): string | undefined {
  if (typeof layer.constraint !== 'string') return undefined;
  const table = typeof layer.table === 'string' ? `${layer.table}_` : '';
  const rest = layer.constraint.startsWith(table)
    ? layer.constraint.slice(table.length)
    : layer.constraint;
  return rest.replace(suffix, '') || undefined;
}

function duplicate(layer: DriverError): ArgusError {
  const columns = keyColumns(layer.detail).map(fieldName);
  const field =
    columns.at(-1) ?? fieldName(constraintColumn(layer, /_(key|unique|idx|index|pkey)$/) ?? 'id');
  // A key over several columns (namespace and name) is unique per the leading ones.
  const scope = columns.slice(0, -1);
  const reason =
    scope.length > 0 ? `already exists for this ${scope.join(', ')}` : 'already exists';
  return new Conflict(DatabaseErrors.duplicate, `${field}: ${reason}`, [{ field, reason }]);
}

function brokenReference(layer: DriverError): ArgusError {
  const detail = typeof layer.detail === 'string' ? layer.detail : '';
  const column = keyColumns(detail).at(-1) ?? constraintColumn(layer, /_fkey$/) ?? 'id';
  const field = fieldName(column);
  const other = /table "([^"]+)"/.exec(detail)?.[1];
  const reason = /still referenced/.test(detail)
    ? `still referenced from ${other ?? 'another record'}`
    : `refers to ${other ? `a ${other} record` : 'a record'} that does not exist`;
  return new Conflict(DatabaseErrors.reference, `${field}: ${reason}`, [{ field, reason }]);
}

function checkFailed(layer: DriverError): ArgusError {
  // The detail of a check violation is the whole failing row, values included: never echoed.
  const field = fieldName(constraintColumn(layer, /_check$/) ?? 'value');
  const constraint = typeof layer.constraint === 'string' ? layer.constraint : 'a check';
  return Invalid.field(DatabaseErrors.invalidValue, field, `breaks the rule ${constraint}`);
}

/**
 * Maps what the database refused to what the client should hear, on both engines (pg's and
 * PGlite's errors carry the same SQLSTATE fields): a lost or unreachable database is 503, a
 * unique or foreign-key violation 409 naming the field, a check violation 400. Anything else is
 * undefined: a bug, answered 500 by the caller.
 */
export function translateDatabaseError(error: unknown): ArgusError | undefined {
  if (error instanceof ArgusError) return undefined;
  const all = layers(error);
  if (all.some(connectionLost)) return new DatabaseUnavailable();
  for (const layer of all) {
    if (layer.code === '23505') return duplicate(layer);
    if (layer.code === '23503') return brokenReference(layer);
    if (layer.code === '23514') return checkFailed(layer);
  }
  return undefined;
}

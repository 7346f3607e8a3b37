import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Invalid } from '../platform/errors.js';
import { badCharacters } from '../platform/text.js';
import { answerError, fieldName, RequestErrors } from './errors.js';

/**
 * Bytes no route can store are refused once, here, for every route: 400 naming the field, before
 * validation and before any handler runs, so nothing is written.
 *
 * - NUL and lone surrogates in any string or object key (platform/text.ts says why).
 * - Percent-encoding that is not UTF-8 (`%ED%A0%80`, `%FF`) in the query or the path.
 * - JSON nested deeper than `maxJsonDepth`, refused by scanning the text before it is parsed.
 */

const NOT_UTF8 = 'is not valid percent-encoded UTF-8';

/** A key as it can be shown in a field path: its bad characters escaped as JSON would. */
function shown(key: string): string {
  return JSON.stringify(key).slice(1, -1);
}

/** The first string (or object key) under `value` that cannot be stored, with its path. */
function findBadString(
  value: unknown,
  path: string[],
): { path: string[]; reason: string } | undefined {
  if (typeof value === 'string') {
    const reason = badCharacters(value);
    return reason ? { path, reason } : undefined;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const keyReason = badCharacters(key);
    if (keyReason) return { path: [...path, shown(key)], reason: `the name ${keyReason}` };
    const found = findBadString(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/**
 * Fastify's query parser keeps undecodable percent-escapes as literal text ("%ED%A0%80"), which
 * would silently store something the client never meant: the raw query string is checked here.
 */
function checkRawQuery(url: string): void {
  const start = url.indexOf('?');
  if (start < 0) return;
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const key = decodeComponent(rawKey);
    if (key === undefined)
      throw Invalid.field(RequestErrors.invalid, 'query', `"${rawKey}" ${NOT_UTF8}`);
    if (equals >= 0 && decodeComponent(pair.slice(equals + 1)) === undefined)
      throw Invalid.field(RequestErrors.invalid, fieldName('query', [shown(key)]), NOT_UTF8);
  }
}

function checkRequest(request: FastifyRequest): void {
  checkRawQuery(request.url);
  const parts = [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const;
  for (const [where, value] of parts) {
    const found = findBadString(value, []);
    if (found)
      throw Invalid.field(RequestErrors.invalid, fieldName(where, found.path), found.reason);
  }
}

/** The deepest nesting of objects and arrays in a JSON text, counted without parsing it. */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * A path segment that is not UTF-8 stops Fastify before routing (FST_ERR_BAD_URL). The route is
 * found again with the segment replaced, to name the parameter it fills.
 */
function badUrlField(request: FastifyRequest): string {
  const [path = ''] = request.url.split('?');
  const segments = path.split('/');
  const bad = segments.findIndex((s) => decodeComponent(s) === undefined);
  if (bad < 0) return 'params';
  const marker = 'argus-undecodable-segment';
  segments[bad] = marker;
  const route = request.server.findRoute({ method: request.method, url: segments.join('/') });
  const name = Object.entries(route?.params ?? {}).find(([, value]) =>
    String(value).includes(marker),
  )?.[0];
  return name ? fieldName('params', [name]) : 'params';
}

/** Fastify's `frameworkErrors`: refusals made before routing, answered like every other error. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  answerError(
    error.code === 'FST_ERR_BAD_URL'
      ? Invalid.field(RequestErrors.invalid, badUrlField(request), NOT_UTF8)
      : error,
    request,
    reply,
  );
}

export function installInputGuard(app: FastifyInstance, options: { maxJsonDepth: number }): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text, options.maxJsonDepth) > options.maxJsonDepth) {
      done(
        Invalid.field(
          RequestErrors.invalid,
          'body',
          `is nested deeper than ${options.maxJsonDepth} levels (setting max_json_depth)`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => checkRequest(request));
}

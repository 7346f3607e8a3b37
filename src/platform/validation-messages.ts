import { z } from 'zod';

/**
 * The validator's reasons as sentences a person reads ("at most 63 characters", "must be one
 * of: service, library"), instead of Zod's developer wording ("Too big: expected string to have
 * <=63 characters"). Every field problem Argus reports (problem+json, import reports, the CLI)
 * comes from a Zod issue, so one mapping, installed once as Zod's error map, words them all;
 * a schema's own message ("letters, digits and . _ @ -") still wins over it.
 */

type Issue = z.core.$ZodRawIssue;

const UNITS: Record<string, [string, string]> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
  map: ['entry', 'entries'],
  file: ['byte', 'bytes'],
};

const TYPES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  null: 'null',
  undefined: 'absent',
  symbol: 'a symbol',
  function: 'a function',
  map: 'a map',
  set: 'a set',
  nan: 'NaN',
};

const FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  guid: 'a UUID',
  datetime: 'an ISO 8601 date and time (2024-03-15T10:00:00Z)',
  date: 'an ISO 8601 date (2024-03-15)',
  time: 'an ISO 8601 time (10:00:00)',
  duration: 'an ISO 8601 duration (P1D)',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  cidrv4: 'an IPv4 range',
  cidrv6: 'an IPv6 range',
  base64: 'base64 text',
  base64url: 'base64url text',
  json_string: 'JSON text',
  e164: 'a phone number in E.164 form (+4930123456)',
  jwt: 'a JWT',
  emoji: 'an emoji',
};

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number') return Number.isNaN(input) ? 'NaN' : 'a number';
  return TYPES[typeof input] ?? typeof input;
}

const quote = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

function count(n: number | bigint, origin: string): string {
  const unit = UNITS[origin];
  if (!unit) return String(n);
  return `${n} ${Number(n) === 1 ? unit[0] : unit[1]}`;
}

function size(issue: Issue & { code: 'too_big' | 'too_small' }): string {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  const origin = String(issue.origin ?? '');
  if (origin === 'date') {
    const when = new Date(Number(limit)).toISOString();
    return `must be ${big ? 'on or before' : 'on or after'} ${when}`;
  }
  if (!big && UNITS[origin] && Number(limit) === 1 && !issue.exact)
    return origin === 'string' ? 'must not be empty' : 'must have at least 1 item';
  if (issue.exact) return UNITS[origin] ? `exactly ${count(limit, origin)}` : `must be ${limit}`;
  if (UNITS[origin]) return `${big ? 'at most' : 'at least'} ${count(limit, origin)}`;
  if (issue.inclusive === false) return `must be ${big ? 'less' : 'more'} than ${limit}`;
  return `must be ${big ? 'at most' : 'at least'} ${limit}`;
}

function format(issue: Issue & { code: 'invalid_format' }): string {
  const f = issue as unknown as Record<string, unknown>;
  switch (issue.format) {
    case 'regex':
      return `must match the pattern ${String(f.pattern)}`;
    case 'starts_with':
      return `must start with "${String(f.prefix)}"`;
    case 'ends_with':
      return `must end with "${String(f.suffix)}"`;
    case 'includes':
      return `must contain "${String(f.includes)}"`;
    case 'lowercase':
      return 'must be lower case';
    case 'uppercase':
      return 'must be upper case';
    default:
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
  }
}

/** The reason of one issue, without the field's name (the caller puts that in front). */
export function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'never') return 'is not allowed here';
      if (issue.expected === 'int' && typeof issue.input === 'number')
        return 'must be a whole number';
      return `must be ${TYPES[issue.expected] ?? issue.expected}, not ${received(issue.input)}`;
    case 'invalid_value':
      if (issue.values.length === 1) return `must be ${quote(issue.values[0])}`;
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_big':
    case 'too_small':
      return size(issue);
    case 'invalid_format':
      return format(issue);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `has a field Argus does not know: "${issue.keys[0]}"`
        : `has fields Argus does not know: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the accepted forms';
    case 'invalid_key':
      return 'is not an allowed key';
    case 'invalid_element':
      return 'has a value that is not allowed';
    default:
      return 'is not valid';
  }
}

/**
 * Makes `describeIssue` Zod's wording for every schema in this process. Called by the server
 * and the CLI as they start; calling it again changes nothing.
 */
export function installValidationMessages(): void {
  z.config({ customError: describeIssue });
}

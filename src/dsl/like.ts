// LIKE patterns: one reading of the pattern, two renderings (an ILIKE pattern for SQL and a
// matcher for memory), so both compilers agree on every pattern.
//
// `%` is any run of characters, `_` exactly one character (code point), a backslash before `%`
// or `_` makes it literal, and any other backslash is a literal backslash. Matching ignores the
// case of ASCII letters only: PostgreSQL's lower() under COLLATE "C" folds nothing else, and
// the database's own locale must not change which rows match.
import { isHighSurrogate, isLowSurrogate } from './values.js';

export type LikeToken = { kind: 'literal'; text: string } | { kind: 'any' } | { kind: 'one' };

export function parseLikePattern(pattern: string): LikeToken[] {
  const tokens: LikeToken[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const next = pattern[i + 1];
    if (c === '\\' && (next === '%' || next === '_')) {
      literal += next;
      i++;
    } else if (c === '%') {
      flush();
      // Consecutive % mean the same as one.
      if (tokens[tokens.length - 1]?.kind !== 'any') tokens.push({ kind: 'any' });
    } else if (c === '_') {
      flush();
      tokens.push({ kind: 'one' });
    } else {
      literal += c;
    }
  }
  flush();
  return tokens;
}

/** The escape character of SQL patterns; not a backslash, whose meaning depends on server settings. */
export const SQL_LIKE_ESCAPE = '!';

/** The pattern for `ILIKE ... ESCAPE '!'`. */
export function toSqlLikePattern(tokens: LikeToken[]): string {
  return tokens
    .map((t) => {
      if (t.kind === 'any') return '%';
      if (t.kind === 'one') return '_';
      return t.text.replace(/[!%_]/g, (c) => `!${c}`);
    })
    .join('');
}

const ONE = -1;
/** A run of the pattern between `%`: folded code units, and ONE for `_`. */
type Segment = number[];

/** Compiles the tokens into a test of a text value. */
export function compileLikeMatcher(tokens: LikeToken[]): (value: string) => boolean {
  const segments: Segment[] = [];
  let current: Segment = [];
  for (const t of tokens) {
    if (t.kind === 'any') {
      segments.push(current);
      current = [];
    } else if (t.kind === 'one') {
      current.push(ONE);
    } else {
      for (let i = 0; i < t.text.length; i++) current.push(foldAscii(t.text.charCodeAt(i)));
    }
  }
  segments.push(current);

  const only = segments[0] as Segment;
  if (segments.length === 1) {
    return (value) => matchForward(value, 0, only) === value.length;
  }
  // With n `%` there are n + 1 segments: the first is anchored at the start, the last at the
  // end, and the ones between are found left to right. Each has a fixed length in code points,
  // so taking the leftmost place for each never loses a match.
  const head = only;
  const tail = segments[segments.length - 1] as Segment;
  const middle = segments.slice(1, -1).filter((s) => s.length > 0);
  return (value) => {
    const start = matchForward(value, 0, head);
    if (start < 0) return false;
    const end = matchBackward(value, value.length, tail);
    if (end < start) return false;
    let pos = start;
    for (const segment of middle) {
      pos = findLeftmost(value, pos, end, segment);
      if (pos < 0) return false;
    }
    return true;
  };
}

function foldAscii(unit: number): number {
  return unit >= 65 && unit <= 90 ? unit + 32 : unit;
}

/** Matches the segment at `from`; returns where the match ends, or -1. */
function matchForward(value: string, from: number, segment: Segment): number {
  let i = from;
  for (let k = 0; k < segment.length; k++) {
    if (i >= value.length) return -1;
    const want = segment[k] as number;
    const unit = value.charCodeAt(i);
    if (want === ONE) {
      i += isHighSurrogate(unit) && isLowSurrogate(value.charCodeAt(i + 1)) ? 2 : 1;
    } else if (foldAscii(unit) === want) {
      i++;
    } else {
      return -1;
    }
  }
  return i;
}

/** Matches the segment so that it ends at `to`; returns where the match starts, or -1. */
function matchBackward(value: string, to: number, segment: Segment): number {
  let i = to;
  for (let k = segment.length - 1; k >= 0; k--) {
    if (i <= 0) return -1;
    const want = segment[k] as number;
    const unit = value.charCodeAt(i - 1);
    if (want === ONE) {
      i -= i >= 2 && isLowSurrogate(unit) && isHighSurrogate(value.charCodeAt(i - 2)) ? 2 : 1;
    } else if (foldAscii(unit) === want) {
      i--;
    } else {
      return -1;
    }
  }
  return i;
}

/** Finds the segment's leftmost match inside [from, limit); returns where it ends, or -1. */
function findLeftmost(value: string, from: number, limit: number, segment: Segment): number {
  for (let i = from; i < limit; ) {
    const end = matchForward(value, i, segment);
    if (end >= 0 && end <= limit) return end;
    if (end > limit) return -1;
    i += isHighSurrogate(value.charCodeAt(i)) && isLowSurrogate(value.charCodeAt(i + 1)) ? 2 : 1;
  }
  return -1;
}

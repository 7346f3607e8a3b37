import { z } from 'zod';
import { Invalid, PlatformErrors } from './errors.js';
import { badCharacters } from './text.js';

/**
 * Opaque cursors: the sort key values of the last row of a page, base64url JSON. Keyset
 * pagination stays fast at any depth, unlike OFFSET.
 */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** A text value of a cursor: it goes into SQL as a parameter, so it must be storable text. */
export const cursorText = z.string().refine((text) => badCharacters(text) === undefined);
/** A timestamp value of a cursor, as `encodeCursor` wrote it. */
export const cursorTime = z.string().refine((text) => !Number.isNaN(new Date(text).getTime()));
/** A row id (uuid) of a cursor: anything else would fail in PostgreSQL's uuid input. */
export const cursorId = z.guid();

/**
 * The values of a cursor, checked against `shape` (a tuple of `cursorText`, `cursorTime`,
 * `cursorId`...): a cursor this list did not return, or one edited by hand, is 400, never a
 * database error.
 */
export function decodeCursor<T>(cursor: string, shape: z.ZodType<T>): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const decoded = shape.safeParse(values);
  if (decoded.success) return decoded.data;
  throw Invalid.field(PlatformErrors.badCursor, 'cursor', 'is not a cursor this list returned');
}

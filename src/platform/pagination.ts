import { Invalid, PlatformErrors } from './errors.js';

/**
 * Opaque cursors: the sort key values of the last row of a page, base64url JSON. Keyset
 * pagination stays fast at any depth, unlike OFFSET.
 */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, expectedLength: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === expectedLength) return values;
  } catch {
    // fall through to the error below
  }
  throw Invalid.field(PlatformErrors.badCursor, 'cursor', 'is not a cursor this list returned');
}

/**
 * Text PostgreSQL can store. NUL (U+0000) is refused by text and jsonb alike, and a lone
 * surrogate (half of a UTF-16 pair, `"\ud800"` in JSON) is not Unicode: drivers would store
 * U+FFFD in its place. Input holding either is refused as bad input, never left to the database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined when it can. */
export function badCharacters(text: string): string | undefined {
  if (text.includes('\0')) return 'contains the NUL character (U+0000), which cannot be stored';
  if (LONE_SURROGATE.test(text))
    return 'contains a lone surrogate (half of a UTF-16 pair), which is not valid Unicode';
  return undefined;
}

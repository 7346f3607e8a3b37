// How field values and literals are read, shared by both compilers so memory and SQL agree.

/**
 * Text that counts as a number: the grammar's number literal (optional minus, digits, optional
 * decimals). No exponents or spaces, so PostgreSQL's `~` and JavaScript's RegExp agree on it.
 */
const NUMERIC_TEXT = /^-?[0-9]+(?:\.[0-9]+)?$/;
/** The same test for PostgreSQL (bracketed dot: no backslash to survive string quoting). */
export const NUMERIC_TEXT_SQL_PATTERN = '^-?[0-9]+([.][0-9]+)?$';
/**
 * Longer "numbers" are text. The cap keeps every numeric text inside double precision's range,
 * where PostgreSQL would otherwise raise "out of range" and JavaScript would give Infinity or 0.
 */
export const MAX_NUMERIC_TEXT_LENGTH = 300;

export function isNumericText(text: string): boolean {
  return text.length <= MAX_NUMERIC_TEXT_LENGTH && NUMERIC_TEXT.test(text);
}

/**
 * A value of a text field, or null when missing. Numbers and booleans read as their JSON text
 * (what jsonb's ->> gives for them); objects and arrays are not text and count as missing.
 */
export function toText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return null;
  }
}

/**
 * A value of a number field, or null when missing. Numeric text is read as a number because
 * JSON files carry some numbers as strings (Panoptes' resource_creation_timestamp); any other
 * text is not a number and counts as missing, as it could not be stored in a numeric column.
 */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'string') return isNumericText(value) ? Number(value) : null;
  return null;
}

/**
 * Code-point order, the order of UTF-8 bytes and so of PostgreSQL's COLLATE "C". JavaScript's
 * `<` compares UTF-16 units, which puts astral characters (emoji) before U+E000..U+FFFF.
 */
export function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

// Surrogates (astral characters) move above the rest of the BMP; U+E000..U+FFFF move down.
function codeUnitRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

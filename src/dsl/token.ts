// The token a syntax error found. Peggy reports only the first character at the failing offset
// ("found "A""), which tells a user little; an error names the whole word, number, quoted string
// or operator there instead ("found "AND"").

/** Longest token shown in a message; a long quoted string is cut with an ellipsis. */
export const MAX_SHOWN_TOKEN_LENGTH = 40;

// Tried in order at the offset. A string runs to its closing quote (escapes as the grammar reads
// them) or to the end of the filter; numbers and words take what the grammar would take for one
// token, including junk after a number (`5x`), so the message shows what the user typed.
const TOKENS = [
  /"(?:\\[\s\S]|[^"\\])*"?/y,
  /'(?:\\[\s\S]|[^'\\])*'?/y,
  /-?[0-9][A-Za-z0-9_.]*/y,
  /[A-Za-z0-9_-]+/y,
  /[<>=!]+/y,
];

/** The token starting at `offset` in `text`, or null at the end of the text. */
export function tokenAt(text: string, offset: number): string | null {
  if (offset >= text.length) return null;
  for (const pattern of TOKENS) {
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (match !== null && match[0] !== '') return match[0];
  }
  // Anything else (a parenthesis, a comma, a stray symbol) is one character: a whole code point.
  return String.fromCodePoint(text.codePointAt(offset) as number);
}

/**
 * How a message names a found token: in JSON quotes, a quoted string as written (`the string
 * "web"`, not `"\"web\""`), long ones shortened; null is the end of the input.
 */
export function describeToken(token: string | null): string {
  if (token === null) return 'end of input';
  const chars = Array.from(token);
  const shown =
    chars.length > MAX_SHOWN_TOKEN_LENGTH
      ? `${chars.slice(0, MAX_SHOWN_TOKEN_LENGTH - 1).join('')}…`
      : token;
  return token.startsWith('"') || token.startsWith("'")
    ? `the string ${shown}`
    : JSON.stringify(shown);
}

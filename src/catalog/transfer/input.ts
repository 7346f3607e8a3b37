import { TooLarge } from '../../platform/errors.js';
import { invalidInput, TransferErrors } from './errors.js';

/** Reading uploaded or local files: size limits, text decoding and JSON with positions. */

/** Refuses input (or a byte count) over the limit. */
export function checkSize(input: Buffer | string | number, maxBytes: number | undefined): void {
  if (maxBytes === undefined) return;
  const size =
    typeof input === 'number'
      ? input
      : typeof input === 'string'
        ? Buffer.byteLength(input)
        : input.length;
  if (size > maxBytes) {
    throw new TooLarge(
      TransferErrors.tooLarge,
      `the file is ${formatBytes(size)}, more than the limit of ${formatBytes(maxBytes)} (setting ARGUS_MAX_UPLOAD_MB)`,
    );
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** UTF-8 text without a byte-order mark. */
export function asText(input: Buffer | string): string {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Where JSON text stops being valid: a small scanner run only after JSON.parse failed, because
 * Node 20's messages do not always carry a position.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
  return text.length;
}

/** JSON.parse, with a syntax error turned into a problem naming the line and column. */
export function parseJson(input: Buffer | string): unknown {
  const text = asText(input);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = lineColumn(text, jsonErrorOffset(text));
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/, "[\s\S]*" is not valid JSON$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '');
    throw invalidInput([
      {
        field: `line ${where.line}, column ${where.column}`,
        reason: `not valid JSON: ${text.trim() === '' ? 'the file is empty' : reason}`,
      },
    ]);
  }
}

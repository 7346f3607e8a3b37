// Splits shell text into words and operators the way bash does, and resolves each word to the
// string the command will receive where that is known before running (quotes removed, `\r\m`,
// `'r''m'`, `$'\x72m'`). It runs only on text the real parser accepted (shell.ts), and anything it
// cannot follow throws UnjudgeableShell: the guard then refuses, never guesses.

/** Shell text found inside a word that bash runs as commands: `$(...)`, backticks, `<(...)`. */
export interface NestedSource {
  text: string;
  /** Offsets in the text being lexed: the substitution itself, e.g. `$(rm -rf /)`. */
  start: number;
  end: number;
  /** True when `text` is a verbatim slice at `textStart`, so positions inside map exactly. */
  verbatim: boolean;
  textStart: number;
}

export interface Word {
  kind: 'word';
  start: number;
  end: number;
  raw: string;
  /** The resolved string, or null when an expansion makes it unknown before running. */
  value: string | null;
  /** The resolved part before the first expansion (all of it when `value` is known). */
  prefix: string;
  /** Variables expanded in it (`$HOME`, `${DIR}`). */
  variables: string[];
  /** An unquoted `*`, `?` or `[`: the value is a pattern. */
  glob: boolean;
  /** Any quoting or escaping: a quoted word is never a reserved word. */
  quoted: boolean;
  nested: NestedSource[];
}

export interface Operator {
  kind: 'op';
  op: string;
  start: number;
  end: number;
  /** The file descriptor before a redirection (`2>`), when given. */
  fd?: string;
  /** Substitutions in an unquoted here-document body, which run. */
  nested: NestedSource[];
}

export type Token = Word | Operator;

export class UnjudgeableShell extends Error {}

const OPERATORS = [
  ';;&',
  '<<<',
  '<<-',
  '&>>',
  ';;',
  ';&',
  '&&',
  '||',
  '|&',
  '<<',
  '<>',
  '<&',
  '>>',
  '>&',
  '>|',
  '&>',
  ';',
  '&',
  '|',
  '<',
  '>',
  '(',
  ')',
];
export const REDIRECTIONS = new Set([
  '<',
  '>',
  '>>',
  '>|',
  '<>',
  '<&',
  '>&',
  '&>',
  '&>>',
  '<<',
  '<<-',
  '<<<',
]);
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/** Tokens of `text`; positions are offsets in `text`. */
export function tokenize(text: string): Token[] {
  return new Lexer(text).tokens(0, false).tokens;
}

class Lexer {
  constructor(private readonly text: string) {}

  /**
   * Tokens from `from`; with `untilClose`, stops at the `)` that closes a `$(` or `<(` opened
   * just before `from` and returns its index. `case` patterns (`a)`) close nothing.
   */
  tokens(from: number, untilClose: boolean): { tokens: Token[]; end: number } {
    const { text } = this;
    const out: Token[] = [];
    const heredocs: { delimiter: string; strip: boolean; expand: boolean; op: Operator }[] = [];
    let depth = 0;
    let cases = 0;
    let i = from;
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '\\' && text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (c === '#' && (i === from || /[\s;&|()<>]/.test(text[i - 1]))) {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      if (c === '\n') {
        out.push({ kind: 'op', op: '\n', start: i, end: i + 1, nested: [] });
        i++;
        if (heredocs.length > 0) i = this.heredocBodies(i, heredocs.splice(0));
        continue;
      }
      if ((c === '<' || c === '>') && text[i + 1] === '(') {
        const word = this.word(i);
        out.push(word);
        i = word.end;
        continue;
      }
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        if (op === '(') depth++;
        if (op === ')') {
          if (depth === 0 && cases === 0 && untilClose) return { tokens: out, end: i };
          if (depth > 0) depth--;
        }
        const token: Operator = { kind: 'op', op, start: i, end: i + op.length, nested: [] };
        out.push(token);
        i += op.length;
        if (op === '<<' || op === '<<-') {
          while (text[i] === ' ' || text[i] === '\t') i++;
          const delimiter = this.word(i);
          out.push(delimiter);
          i = delimiter.end;
          if (delimiter.value === null) throw new UnjudgeableShell('a here-document delimiter');
          heredocs.push({
            delimiter: delimiter.value,
            strip: op === '<<-',
            expand: !delimiter.quoted,
            op: token,
          });
        }
        continue;
      }
      const word = this.word(i);
      // `2>file`: digits written against a redirection are its file descriptor.
      const next = text[word.end];
      if (/^\d+$/.test(word.raw) && (next === '<' || next === '>') && text[word.end + 1] !== '(') {
        const redirection = OPERATORS.find(
          (o) => text.startsWith(o, word.end) && REDIRECTIONS.has(o),
        );
        if (redirection) {
          out.push({
            kind: 'op',
            op: redirection,
            fd: word.raw,
            start: word.start,
            end: word.end + redirection.length,
            nested: [],
          });
          i = word.end + redirection.length;
          continue;
        }
      }
      if (!word.quoted && word.raw === 'case') cases++;
      if (!word.quoted && word.raw === 'esac' && cases > 0) cases--;
      out.push(word);
      i = word.end;
    }
    if (untilClose) throw new UnjudgeableShell('an unclosed substitution');
    return { tokens: out, end: i };
  }

  /** Skips the bodies of the here-documents started on the line just ended. */
  private heredocBodies(
    from: number,
    pending: { delimiter: string; strip: boolean; expand: boolean; op: Operator }[],
  ): number {
    let i = from;
    for (const doc of pending) {
      const bodyStart = i;
      for (;;) {
        if (i >= this.text.length) break;
        const lineEnd = this.text.indexOf('\n', i);
        const end = lineEnd === -1 ? this.text.length : lineEnd;
        const line = this.text.slice(i, end);
        const next = lineEnd === -1 ? end : end + 1;
        if ((doc.strip ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
          if (doc.expand) doc.op.nested.push(...this.expansionsIn(bodyStart, i));
          i = next;
          break;
        }
        i = next;
        if (i >= this.text.length && doc.expand)
          doc.op.nested.push(...this.expansionsIn(bodyStart, i));
      }
    }
    return i;
  }

  /** Command substitutions in `[from, to)` read as the inside of double quotes. */
  private expansionsIn(from: number, to: number): NestedSource[] {
    const found: NestedSource[] = [];
    let i = from;
    while (i < to) {
      const c = this.text[i];
      if (c === '\\') i += 2;
      else if (c === '$' || c === '`') {
        const part = this.expansion(i);
        found.push(...part.nested);
        i = part.end;
      } else i++;
    }
    return found;
  }

  word(start: number): Word {
    const { text } = this;
    const word: Word = {
      kind: 'word',
      start,
      end: start,
      raw: '',
      value: '',
      prefix: '',
      variables: [],
      glob: false,
      quoted: false,
      nested: [],
    };
    const append = (s: string) => {
      if (word.value !== null) word.value += s;
    };
    const dynamic = (part: { nested: NestedSource[]; variables: string[] }) => {
      if (word.value !== null) word.prefix = word.value;
      word.value = null;
      word.nested.push(...part.nested);
      word.variables.push(...part.variables);
    };
    let i = start;
    if ((text[i] === '<' || text[i] === '>') && text[i + 1] === '(') {
      const close = this.tokens(i + 2, true).end;
      dynamic({ nested: [verbatim(text, i, close + 1, i + 2, close)], variables: [] });
      i = close + 1;
    }
    while (i < text.length && !WORD_END.has(text[i])) {
      const c = text[i];
      if (c === '\\') {
        word.quoted = true;
        if (text[i + 1] === '\n') i += 2;
        else {
          append(text[i + 1] ?? '');
          i += 2;
        }
      } else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close === -1) throw new UnjudgeableShell('an unclosed quote');
        word.quoted = true;
        append(text.slice(i + 1, close));
        i = close + 1;
      } else if (c === '$' && text[i + 1] === "'") {
        const { value, end } = ansiC(text, i + 2);
        word.quoted = true;
        append(value);
        i = end;
      } else if (c === '"' || (c === '$' && text[i + 1] === '"')) {
        word.quoted = true;
        i = this.doubleQuoted(c === '$' ? i + 2 : i + 1, append, dynamic);
      } else if (c === '$' || c === '`') {
        const part = this.expansion(i);
        if (part.literal !== undefined) append(part.literal);
        else dynamic(part);
        i = part.end;
      } else {
        if (c === '*' || c === '?' || c === '[') word.glob = true;
        append(c);
        i++;
      }
    }
    word.end = i;
    word.raw = text.slice(start, i);
    if (word.value !== null) word.prefix = word.value;
    return word;
  }

  private doubleQuoted(
    from: number,
    append: (s: string) => void,
    dynamic: (part: { nested: NestedSource[]; variables: string[] }) => void,
  ): number {
    const { text } = this;
    let i = from;
    while (i < text.length && text[i] !== '"') {
      const c = text[i];
      if (c === '\\') {
        const n = text[i + 1];
        if (n === '\n') {
          /* a line continuation */
        } else if (n === '$' || n === '`' || n === '"' || n === '\\') append(n);
        else append(`\\${n ?? ''}`);
        i += 2;
      } else if (c === '$' || c === '`') {
        const part = this.expansion(i);
        if (part.literal !== undefined) append(part.literal);
        else dynamic(part);
        i = part.end;
      } else {
        append(c);
        i++;
      }
    }
    if (i >= text.length) throw new UnjudgeableShell('an unclosed double quote');
    return i + 1;
  }

  /** A `$...` or backtick expansion at `i`: what runs inside it, or the literal `$`. */
  private expansion(i: number): {
    end: number;
    nested: NestedSource[];
    variables: string[];
    literal?: string;
  } {
    const { text } = this;
    if (text[i] === '`') {
      let j = i + 1;
      let inner = '';
      while (j < text.length && text[j] !== '`') {
        if (text[j] === '\\' && '`$\\'.includes(text[j + 1])) {
          inner += text[j + 1];
          j += 2;
        } else inner += text[j++];
      }
      if (j >= text.length) throw new UnjudgeableShell('an unclosed backtick');
      const exact = inner === text.slice(i + 1, j);
      return {
        end: j + 1,
        nested: [{ text: inner, start: i, end: j + 1, verbatim: exact, textStart: i + 1 }],
        variables: [],
      };
    }
    const n = text[i + 1];
    if (n === '(' && text[i + 2] === '(') {
      // Arithmetic: no command runs, except substitutions written inside it.
      const end = this.balanced(i + 3, '(', ')', 2);
      return { end, nested: this.expansionsIn(i + 3, end - 2), variables: [] };
    }
    if (n === '(') {
      const close = this.tokens(i + 2, true).end;
      return {
        end: close + 1,
        nested: [verbatim(text, i, close + 1, i + 2, close)],
        variables: [],
      };
    }
    if (n === '{') {
      const end = this.balanced(i + 2, '{', '}', 1);
      const name = /^[#!]?([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(i + 2, end - 1));
      return {
        end,
        nested: this.expansionsIn(i + 2, end - 1),
        variables: name ? [name[1]] : [],
      };
    }
    const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(i + 1));
    if (name) return { end: i + 1 + name[1].length, nested: [], variables: [name[1]] };
    return { end: i + 1, nested: [], variables: [], literal: '$' };
  }

  /** The index after the `count` closers that balance an opener already passed at `from`. */
  private balanced(from: number, open: string, close: string, count: number): number {
    const { text } = this;
    let depth = count;
    let i = from;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === "'" && open === '{') {
        const end = text.indexOf("'", i + 1);
        if (end === -1) break;
        i = end + 1;
      } else if (c === '"' && open === '{') {
        i = this.doubleQuoted(
          i + 1,
          () => {},
          () => {},
        );
      } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
        i = this.expansion(i).end;
      } else {
        if (c === open) depth++;
        else if (c === close) depth--;
        i++;
        if (depth === 0) return i;
      }
    }
    throw new UnjudgeableShell(`an unclosed ${open}`);
  }
}

function verbatim(
  text: string,
  start: number,
  end: number,
  textStart: number,
  textEnd: number,
): NestedSource {
  return { text: text.slice(textStart, textEnd), start, end, verbatim: true, textStart };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Decodes bash's `$'...'` from just after the opening quote. */
function ansiC(text: string, from: number): { value: string; end: number } {
  let value = '';
  let i = from;
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== '\\') {
      value += text[i++];
      continue;
    }
    const decoded = ansiEscape(text.slice(i + 1));
    value += decoded.value;
    i += 1 + decoded.length;
  }
  if (i >= text.length) throw new UnjudgeableShell("an unclosed $'...'");
  return { value, end: i + 1 };
}

/** One escape after a backslash in `$'...'`: its value and how many characters it took. */
function ansiEscape(rest: string): { value: string; length: number } {
  const e = rest[0];
  if (e !== undefined && e in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[e], length: 1 };
  const numeric: [RegExp, number][] = [
    [/^x([0-9a-fA-F]{1,2})/, 16],
    [/^u([0-9a-fA-F]{1,4})/, 16],
    [/^U([0-9a-fA-F]{1,8})/, 16],
    [/^([0-7]{1,3})/, 8],
  ];
  for (const [pattern, base] of numeric) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const code = Number.parseInt(m[1], base);
    return {
      value: base === 8 ? String.fromCharCode(code & 0xff) : String.fromCodePoint(code),
      length: m[0].length,
    };
  }
  if (e === 'c' && rest[1] !== undefined)
    return { value: String.fromCharCode(rest[1].toUpperCase().charCodeAt(0) ^ 0x40), length: 2 };
  return { value: `\\${e ?? ''}`, length: e === undefined ? 0 : 1 };
}

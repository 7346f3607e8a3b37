// Finds every simple command a shell text would run: in lists, pipes, subshells, `{ }` blocks,
// if/for/while/case bodies, functions, `$(...)`, backticks, process substitutions, here-document
// bodies, and the strings handed to `eval`, `sh -c` and the like. Structure that only orders the
// commands (which branch of an `if` runs) is flattened: the guard judges every command that MAY run.
import {
  type NestedSource,
  REDIRECTIONS,
  type Token,
  tokenize,
  UnjudgeableShell,
  type Word,
} from './lexer.js';
import { echoedText, feeder, readsScriptFromPipe, readsShell } from './stdin-scripts.js';
import {
  type Assignments,
  recordAssignment,
  recordCommandAssignments,
  recordUnknown,
  variants,
} from './variables.js';
import { unwrap } from './wrappers.js';

export interface Redirect {
  op: string;
  fd?: string;
  target: Word;
}

export interface SimpleCommand {
  /** The words after leading assignments; `words[0]` names the command. Empty for `> file`. */
  words: Word[];
  redirects: Redirect[];
  /** The command's text as the shell sees it (inside an `eval` string: that string's part). */
  part: string;
  /** Character offsets in the checked command (for a command inside a string: that string). */
  start: number;
  end: number;
  background: boolean;
  /** Commands of one pipeline share an id; `stage` is the position in it (0 for the first). */
  pipeline: number;
  stage: number;
  /** The function whose body holds it. */
  inFunction: string | null;
  /** Working directories a `cd` earlier in the text may have left (empty: unknown). */
  cwds: string[];
  /** What ran it: `sudo`, `bash -c`, `xargs`... */
  via: string[];
  /** Arguments added at run time by `xargs` or `find -exec {}`: their known beginning. */
  runtimeArguments?: string;
}

export interface FunctionDefinition {
  name: string;
  part: string;
  start: number;
  end: number;
}

export interface Walk {
  commands: SimpleCommand[];
  functions: FunctionDefinition[];
  /** Strings run as shell (`eval`, `sh -c`...), to be checked by the real parser too. */
  scripts: { text: string; start: number; end: number }[];
}

/** A text being walked and how its offsets map back to the checked command. */
export interface Source {
  text: string;
  at(start: number, end: number): [number, number];
  depth: number;
  via: string[];
}

const MAX_DEPTH = 8;
const SEPARATORS = new Set([';', '\n', '&', '&&', '||', '|', '|&', ';;', ';&', ';;&', '(', ')']);
const SKIPPED_KEYWORDS = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'do',
  'done',
  'while',
  'until',
  '!',
  '{',
  '}',
  'time',
  'coproc',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** Every simple command of `text` (already accepted by the real parser). */
export function walkCommands(text: string): Walk {
  const walk: Walk = { commands: [], functions: [], scripts: [] };
  const source: Source = { text, at: (s, e) => [s, e], depth: 0, via: [] };
  new Walker(walk).source(source, { cwds: [], inFunction: null, assignments: new Map() });
  return walk;
}

/** What a command inherits from the text around it. */
export interface Scope {
  cwds: string[];
  inFunction: string | null;
  assignments: Assignments;
}

export class Walker {
  private pipelines = 0;

  constructor(private readonly walk: Walk) {}

  source(source: Source, scope: Scope): void {
    if (source.depth > MAX_DEPTH) throw new UnjudgeableShell('commands nested too deep');
    this.tokens(source, tokenize(source.text), scope);
  }

  /** A string run as shell by `eval`, `sh -c`...: positions inside it map to its word. */
  string(
    text: string,
    word: { start: number; end: number },
    parent: Source,
    via: string,
    scope: Scope,
    emitted: SimpleCommand[] = [],
  ): void {
    this.run(text, parent.at(word.start, word.end), parent, via, scope, emitted);
  }

  /** Walks `text` as shell whose every command is placed at `[start, end]` of the command. */
  private run(
    text: string,
    [start, end]: [number, number],
    parent: Source,
    via: string,
    scope: Scope,
    emitted: SimpleCommand[],
  ): void {
    this.walk.scripts.push({ text, start, end });
    const before = this.walk.commands.length;
    this.source(
      { text, at: () => [start, end], depth: parent.depth + 1, via: [...parent.via, via] },
      scope,
    );
    // They run as part of the command that holds the string (`eval '...' &` runs them in the background).
    emitted.push(...this.walk.commands.slice(before));
  }

  private nested(nested: NestedSource[], parent: Source, scope: Scope): void {
    for (const n of nested) {
      const at: Source['at'] = n.verbatim
        ? (s, e) => parent.at(n.textStart + s, n.textStart + e)
        : () => parent.at(n.start, n.end);
      this.source({ text: n.text, at, depth: parent.depth + 1, via: parent.via }, { ...scope });
    }
  }

  private tokens(source: Source, tokens: Token[], scope: Scope): void {
    let i = 0;
    let pipeline = ++this.pipelines;
    let stage = 0;
    let current: SimpleCommand[] = [];
    let patternNext = false;
    let cases = 0;
    while (i < tokens.length) {
      const t = tokens[i];
      if (t.kind === 'op' && SEPARATORS.has(t.op)) {
        if (t.op === '|' || t.op === '|&') stage++;
        else if (t.op !== '(' && t.op !== ')') {
          if (t.op === '&') for (const c of current) c.background = true;
          if (t.op.startsWith(';;') || t.op === ';&') patternNext = cases > 0;
          pipeline = ++this.pipelines;
          stage = 0;
          current = [];
        }
        i++;
        continue;
      }
      if (patternNext && t.kind === 'word' && !(t.raw === 'esac' && !t.quoted)) {
        // A case pattern (`a|b)`): words up to the `)`; nothing runs but substitutions in them.
        while (
          i < tokens.length &&
          !(tokens[i].kind === 'op' && (tokens[i] as { op: string }).op === ')')
        ) {
          this.nested(tokens[i].nested, source, scope);
          i++;
        }
        patternNext = false;
        i++;
        continue;
      }
      if (t.kind === 'word' && !t.quoted) {
        if (SKIPPED_KEYWORDS.has(t.raw)) {
          i++;
          continue;
        }
        if (t.raw === 'esac') {
          cases--;
          patternNext = false;
          i++;
          continue;
        }
        if (t.raw === 'case') {
          // `case WORD in`: the word is expanded (substitutions run), then patterns follow.
          this.nested(tokens[i + 1]?.nested ?? [], source, scope);
          i += 3;
          cases++;
          patternNext = true;
          continue;
        }
        if (t.raw === 'for' || t.raw === 'select') {
          i = this.loopHeader(tokens, i + 1, source, scope);
          continue;
        }
        if (t.raw === '[[') {
          while (
            i < tokens.length &&
            !(tokens[i].kind === 'word' && (tokens[i] as Word).raw === ']]')
          ) {
            this.nested(tokens[i].nested, source, scope);
            i++;
          }
          i++;
          continue;
        }
        const definition = this.functionDefinition(tokens, i, source, scope);
        if (definition !== null) {
          i = definition;
          continue;
        }
      }
      const command = this.simple(tokens, i, source, scope, pipeline, stage);
      i = command.next;
      current.push(...command.emitted);
    }
  }

  /** `for NAME in WORDS;`: the words' substitutions run; the body is walked as usual. */
  private loopHeader(tokens: Token[], from: number, source: Source, scope: Scope): number {
    recordUnknown(scope.assignments, (tokens[from] as Word | undefined)?.value ?? null);
    let i = from + 1;
    while (i < tokens.length && tokens[i].kind === 'word') {
      this.nested(tokens[i].nested, source, scope);
      i++;
    }
    return i;
  }

  /** `name() BODY` or `function name [()] BODY`: the index after the body, or null. */
  private functionDefinition(
    tokens: Token[],
    i: number,
    source: Source,
    scope: Scope,
  ): number | null {
    const t = tokens[i] as Word;
    let name: string | null = null;
    let body = i;
    const isOp = (k: number, op: string) =>
      tokens[k]?.kind === 'op' && (tokens[k] as { op: string }).op === op;
    if (t.raw === 'function' && tokens[i + 1]?.kind === 'word') {
      name = (tokens[i + 1] as Word).value;
      body = isOp(i + 2, '(') && isOp(i + 3, ')') ? i + 4 : i + 2;
    } else if (isOp(i + 1, '(') && isOp(i + 2, ')')) {
      name = t.value;
      body = i + 3;
    }
    if (name === null) return null;
    while (tokens[body]?.kind === 'op' && (tokens[body] as { op: string }).op === '\n') body++;
    const end = closingOf(tokens, body);
    const [start, stop] = source.at(t.start, tokens[end - 1].end);
    this.walk.functions.push({
      name,
      part: source.text.slice(t.start, tokens[end - 1].end),
      start,
      end: stop,
    });
    this.tokens(source, tokens.slice(body, end), { ...scope, inFunction: name });
    return end;
  }

  private simple(
    tokens: Token[],
    from: number,
    source: Source,
    scope: Scope,
    pipeline: number,
    stage: number,
  ): { next: number; emitted: SimpleCommand[] } {
    const words: Word[] = [];
    const assignments: Word[] = [];
    const redirects: Redirect[] = [];
    const nested: NestedSource[] = [];
    let i = from;
    for (; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'op') {
        if (!REDIRECTIONS.has(t.op)) break;
        const target = tokens[i + 1];
        if (target?.kind !== 'word') throw new UnjudgeableShell(`a redirection without a target`);
        redirects.push({ op: t.op, fd: t.fd, target });
        nested.push(...t.nested, ...target.nested);
        i++;
        continue;
      }
      nested.push(...t.nested);
      if (words.length === 0 && ASSIGNMENT.test(t.raw)) assignments.push(t);
      else words.push(t);
    }
    this.nested(nested, source, scope);
    if (i === from) return { next: from + 1, emitted: [] };
    const first = tokens[from];
    const last = tokens[i - 1];
    const span = { start: first.start, end: last.end };
    const emitted: SimpleCommand[] = [];
    // Assignments alone set shell variables; before a command they only set its environment.
    if (words.length === 0) for (const a of assignments) recordAssignment(scope.assignments, a);
    if (words.length === 0 && redirects.length === 0) return { next: i, emitted };
    const [start, end] = source.at(span.start, span.end);
    for (const list of variants(words, scope.assignments)) {
      const head = list[0];
      // `c='rm -rf /'; $c`: an unquoted variable naming the command splits into words.
      if (head && head !== words[0] && /\s/.test(head.value ?? '') && !head.raw.startsWith('"')) {
        const text = [head.value, ...words.slice(1).map((w) => w.raw)].join(' ');
        this.string(text, span, source, head.raw, scope, emitted);
        continue;
      }
      const command: SimpleCommand = {
        words: list,
        redirects,
        part: source.text.slice(span.start, span.end),
        start,
        end,
        background: false,
        pipeline,
        stage,
        inFunction: scope.inFunction,
        cwds: [...scope.cwds],
        via: source.via,
      };
      trackDirectory(command, scope);
      unwrap(command, source, scope, this, (effective) => {
        this.walk.commands.push(effective);
        emitted.push(effective);
        const from = readsScriptFromPipe(effective) && feeder(this.walk.commands, effective);
        const script = from && readsShell(effective) ? echoedText(from) : null;
        if (from && script !== null)
          this.run(script, [from.start, from.end], source, 'echo |', scope, emitted);
      });
    }
    recordCommandAssignments(scope.assignments, words);
    // `rm${IFS}-rf${IFS}/` is one word to the lexer and three to bash: judge the split form too.
    if (words.some((w) => w.variables.includes('IFS'))) {
      const split = words.map((w) => w.raw.replace(/\$\{?IFS\}?/g, ' ')).join(' ');
      this.string(split, span, source, 'IFS', scope, emitted);
    }
    return { next: i, emitted };
  }
}

/** The index after the compound command starting at `from` (`{ ... }` or `( ... )`). */
function closingOf(tokens: Token[], from: number): number {
  const t = tokens[from];
  const brace = t?.kind === 'word' && t.raw === '{';
  const paren = t?.kind === 'op' && t.op === '(';
  if (!brace && !paren)
    throw new UnjudgeableShell('a function body that is not a { } or ( ) block');
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const k = tokens[i];
    const opens = brace
      ? k.kind === 'word' && !k.quoted && k.raw === '{'
      : k.kind === 'op' && k.op === '(';
    const closes = brace
      ? k.kind === 'word' && !k.quoted && k.raw === '}'
      : k.kind === 'op' && k.op === ')';
    if (opens) depth++;
    if (closes && --depth === 0) return i + 1;
  }
  throw new UnjudgeableShell('an unclosed function body');
}

/** `cd DIR` changes where later relative paths point; an unknown `cd` forgets where that is. */
function trackDirectory(command: SimpleCommand, scope: Scope): void {
  const [name, target] = command.words;
  if (name?.value !== 'cd') return;
  const dir = target === undefined ? '~' : target.value;
  if (dir === null || dir === '-') return;
  const base = scope.cwds.length > 0 ? scope.cwds : [''];
  const next =
    dir.startsWith('/') || dir.startsWith('~')
      ? [dir]
      : base.filter(Boolean).map((b) => `${b}/${dir}`);
  // Every directory seen stays possible: a `cd` inside a subshell or a branch may not have run.
  scope.cwds.push(...next.filter((d) => !scope.cwds.includes(d)));
}

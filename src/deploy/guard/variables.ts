// Variables assigned in the checked text (`d=/tmp/build; rm -rf $d`). A use is judged as every
// value the text assigns AND as unset: a branch, subshell or function may not have run the
// assignment, and `rm -rf $d/` with `d` unset is `rm -rf /`. `${d:?}` (fail when unset) drops the
// unset case; an assignment the guard cannot read (`read d`, `d=$(...)`) keeps `$d` unknown.
import type { Word } from './lexer.js';

/** Each name's values: known strings, or null when any assignment is unknown. */
export type Assignments = Map<string, Set<string> | null>;

const NAME = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;
const DECLARES = new Set(['export', 'declare', 'local', 'readonly', 'typeset']);
const READS = new Set(['read', 'mapfile', 'readarray', 'getopts']);
const MAX_VARIANTS = 16;

function assign(assignments: Assignments, name: string, value: string | null): void {
  const known = assignments.get(name);
  if (value === null || known === null) assignments.set(name, null);
  else assignments.set(name, new Set([...(known ?? []), value]));
}

/** Records `NAME=value` words (an append `+=` or an unknown value makes the name unknown). */
export function recordAssignment(assignments: Assignments, word: Word): void {
  const m = NAME.exec(word.raw);
  if (!m) return;
  const value = word.value === null || m[2] === '+' ? null : word.value.slice(m[0].length);
  assign(assignments, m[1], value);
}

/** What a command assigns through `export x=1`, `read x`, `for x in`... */
export function recordCommandAssignments(assignments: Assignments, words: Word[]): void {
  const name = words[0]?.value;
  if (name && DECLARES.has(name)) for (const w of words.slice(1)) recordAssignment(assignments, w);
  if (name && READS.has(name))
    for (const w of words.slice(1))
      if (w.value && /^[A-Za-z_]\w*$/.test(w.value)) assign(assignments, w.value, null);
}

export function recordUnknown(assignments: Assignments, name: string | null): void {
  if (name) assign(assignments, name, null);
}

/** The values `word` may take when it is one assigned variable with known text around it. */
function valuesOf(word: Word, assignments: Assignments): string[] | null {
  if (word.value !== null || word.variables.length !== 1 || word.nested.length > 0) return null;
  const m = /^\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(:\?[^}]*)?(\})?([^$`'\\{}]*)$/.exec(
    word.raw.replaceAll('"', ''),
  );
  if (!m || Boolean(m[1]) !== Boolean(m[4])) return null;
  const values = assignments.get(m[2]);
  if (!values) return null;
  const possible = [...values, ...(m[3] ? [] : [''])];
  return possible.map((v) => v + m[5]);
}

/** The argument lists `words` may become (itself when nothing is known), at most 16. */
export function variants(words: Word[], assignments: Assignments): Word[][] {
  let out: Word[][] = [[]];
  for (const word of words) {
    const values = valuesOf(word, assignments);
    const choices = values ? values.map((v) => ({ ...word, value: v, prefix: v })) : [word];
    if (out.length * choices.length > MAX_VARIANTS) return [words];
    out = out.flatMap((list) => choices.map((c) => [...list, c]));
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { walkCommands } from './commands.js';
import { tokenize, UnjudgeableShell, type Word } from './lexer.js';
import { expandBraces, normalisePath } from './paths.js';

const words = (text: string) => tokenize(text).filter((t): t is Word => t.kind === 'word');
const values = (text: string) => words(text).map((w) => w.value);
const names = (text: string) =>
  walkCommands(text).commands.map((c) => c.words.map((w) => w.value ?? w.raw).join(' '));

describe('words resolved as bash would pass them', () => {
  it('removes quotes and backslashes and joins adjacent parts', () => {
    expect(values(`r""m 'r''m' \\r\\m "a b"c`)).toEqual(['rm', 'rm', 'rm', 'a bc']);
  });

  it('decodes ANSI-C strings: hex, octal, unicode, control and simple escapes', () => {
    expect(values(`$'\\x72\\x6d' $'\\162\\155' $'\\u0072m' $'a\\tb' $'it\\'s'`)).toEqual([
      'rm',
      'rm',
      'rm',
      'a\tb',
      "it's",
    ]);
  });

  it('keeps backslashes inside double quotes except before $ ` " \\', () => {
    expect(values(String.raw`"a\b" "\$x" "\\"`)).toEqual(['a\\b', '$x', '\\']);
  });

  it('marks expansions as unknown, keeping what comes before them', () => {
    const [w] = words('/var/$X/y');
    expect(w).toMatchObject({ value: null, prefix: '/var/', variables: ['X'] });
    expect(words('$(date)')[0]).toMatchObject({ value: null, prefix: '' });
    expect(words('a$')[0].value).toBe('a$');
  });

  it('finds the commands in substitutions, with their exact place', () => {
    const [w] = words('"x$(rm -rf /)y"');
    expect(w.nested).toEqual([
      { text: 'rm -rf /', start: 2, end: 13, verbatim: true, textStart: 4 },
    ]);
  });

  it('refuses to guess on what it cannot follow', () => {
    expect(() => tokenize('echo $(ls')).toThrow(UnjudgeableShell);
    expect(() => tokenize("echo 'x")).toThrow(UnjudgeableShell);
  });
});

describe('the commands that may run', () => {
  it('flattens lists, pipes, blocks, branches, loops and case bodies', () => {
    expect(names('a; b && c || d | e & { f; }; (g)')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(names('if a; then b; elif c; then d; else e; fi')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(names('for i in 1 2; do a "$i"; done; while b; do c; done')).toEqual([
      'a "$i"',
      'b',
      'c',
    ]);
    expect(names('case $x in (a|b) c;; d) e;; esac')).toEqual(['c', 'e']);
  });

  it('follows wrappers to the command that runs', () => {
    expect(names('sudo -u app env A=1 nice -n 5 timeout 3 rm x')).toEqual(['rm x']);
    expect(names("bash -c 'a; b'")).toEqual(['bash -c a; b', 'a', 'b']);
    expect(names('command -v rm')).toEqual(['command -v rm']);
  });

  it('skips assignments, and runs the substitutions in them', () => {
    expect(names('A=1 B=$(c) d')).toEqual(['c', 'd']);
  });

  it('here-document bodies run their substitutions only when the delimiter is unquoted', () => {
    expect(names('cat <<EOF\n$(a)\nEOF')).toEqual(['a', 'cat']);
    expect(names("cat <<'EOF'\n$(a)\nEOF")).toEqual(['cat']);
  });
});

describe('paths', () => {
  it('normalises //, /./, .. and trailing slashes', () => {
    expect(normalisePath('//etc/./nginx/../')).toBe('/etc');
    expect(normalisePath('/etc/..')).toBe('/');
    expect(normalisePath('/../..')).toBe('/');
    expect(normalisePath('~/a/..')).toBe('~');
  });

  it('expands braces', () => {
    expect(expandBraces('/{etc,usr/{lib,bin}}').sort()).toEqual(
      ['/etc', '/usr/bin', '/usr/lib', '/{etc,usr/{lib,bin}}'].sort(),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Expr, FieldRef, Literal } from './ast.js';
import { DslSyntaxError, MAX_FILTER_LENGTH, parseFilter } from './parse.js';

/** The tree without source positions, for comparing with hand-written trees. */
function strip(expr: Expr): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { kind: expr.kind, args: expr.args.map(strip) };
    case 'not':
      return { kind: 'not', arg: strip(expr.arg) };
    default:
      return { ...expr, field: { name: expr.field.name, path: expr.field.path } };
  }
}

const parse = (text: string) => strip(parseFilter(text));
const f = (name: string, ...path: string[]): FieldRef => ({ name, path });
const s = (value: string): Literal => ({ type: 'string', value });
const n = (text: string): Literal => ({ type: 'number', value: Number(text), text });
const eq = (field: string, value: string): Expr => ({
  kind: 'compare',
  field: f(field),
  op: '=',
  value: s(value),
});

function syntaxError(text: string): DslSyntaxError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof DslSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseFilter: comparisons', () => {
  it('reads every comparison operator, with <> and ne as != and eq as =', () => {
    const ops = {
      '=': '=',
      '!=': '!=',
      '<>': '!=',
      eq: '=',
      ne: '!=',
      '<': '<',
      '<=': '<=',
      '>': '>',
      '>=': '>=',
    };
    for (const [written, op] of Object.entries(ops)) {
      expect(parse(`a ${written} 1`)).toEqual({
        kind: 'compare',
        field: f('a'),
        op,
        value: n('1'),
      });
    }
    expect(parse('a<=1')).toEqual({ kind: 'compare', field: f('a'), op: '<=', value: n('1') });
    expect(parse('a EQ "x"')).toEqual(eq('a', 'x'));
  });

  it('reads LIKE, IN, IS NULL and their negations', () => {
    expect(parse('a LIKE "x%"')).toEqual({
      kind: 'like',
      field: f('a'),
      negated: false,
      pattern: 'x%',
    });
    expect(parse('a not like "x%"')).toEqual({
      kind: 'like',
      field: f('a'),
      negated: true,
      pattern: 'x%',
    });
    expect(parse('a LIKE 10')).toEqual({
      kind: 'like',
      field: f('a'),
      negated: false,
      pattern: '10',
    });
    expect(parse('a IN ("x", 2, \'y\')')).toEqual({
      kind: 'in',
      field: f('a'),
      negated: false,
      values: [s('x'), n('2'), s('y')],
    });
    expect(parse('a NOT IN(1)')).toEqual({
      kind: 'in',
      field: f('a'),
      negated: true,
      values: [n('1')],
    });
    expect(parse('a IS NULL')).toEqual({ kind: 'null', field: f('a'), negated: false });
    expect(parse('a is not null')).toEqual({ kind: 'null', field: f('a'), negated: true });
  });

  it('reads numbers with sign and decimals, keeping the text as written', () => {
    expect(parse('a = -1.50')).toEqual({
      kind: 'compare',
      field: f('a'),
      op: '=',
      value: n('-1.50'),
    });
    expect(parse('a = 007')).toMatchObject({ value: { type: 'number', value: 7, text: '007' } });
  });

  it('reads the Panoptes example filter', () => {
    const text = `resource_class = "network"
AND resource_subclass = "switch"
AND resource_type != "arista"
AND resource_endpoint IN ("test1","test2")
AND resource_metadata.make NOT LIKE "Arista%"
AND resource_metadata.model NOT IN ("model1", "model2")`;
    const expr = parseFilter(text);
    expect(expr.kind).toBe('and');
    expect(expr.kind === 'and' && expr.args.length).toBe(6);
    expect(expr.kind === 'and' && expr.args[4]).toMatchObject({
      kind: 'like',
      negated: true,
      field: { name: 'resource_metadata', path: ['make'], position: { line: 5, column: 5 } },
    });
  });
});

describe('parseFilter: precedence and grouping', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parse('NOT a = "1" AND b = "2" OR c = "3"')).toEqual({
      kind: 'or',
      args: [
        { kind: 'and', args: [{ kind: 'not', arg: eq('a', '1') }, eq('b', '2')] },
        eq('c', '3'),
      ],
    });
    expect(parse('a = "1" OR b = "2" AND c = "3"')).toEqual({
      kind: 'or',
      args: [eq('a', '1'), { kind: 'and', args: [eq('b', '2'), eq('c', '3')] }],
    });
  });

  it('groups with parentheses and keeps chains flat', () => {
    expect(parse('(a = "1" OR b = "2") AND c = "3"')).toEqual({
      kind: 'and',
      args: [{ kind: 'or', args: [eq('a', '1'), eq('b', '2')] }, eq('c', '3')],
    });
    expect(parse('NOT (a = "1" OR b = "2")')).toEqual({
      kind: 'not',
      arg: { kind: 'or', args: [eq('a', '1'), eq('b', '2')] },
    });
    expect(parse('a = "1" OR b = "2" OR c = "3"')).toEqual({
      kind: 'or',
      args: [eq('a', '1'), eq('b', '2'), eq('c', '3')],
    });
    expect(parse('a = "1" OR (b = "2" OR c = "3")')).toEqual({
      kind: 'or',
      args: [eq('a', '1'), { kind: 'or', args: [eq('b', '2'), eq('c', '3')] }],
    });
    expect(parse('((a = "1"))')).toEqual(eq('a', '1'));
    expect(parse('NOT NOT a = "1"')).toEqual({
      kind: 'not',
      arg: { kind: 'not', arg: eq('a', '1') },
    });
    expect(parse('NOT(a = "1")')).toEqual({ kind: 'not', arg: eq('a', '1') });
  });

  it('allows any whitespace, including newlines and tabs, around tokens', () => {
    expect(parse('\n\t a\t=\r\n"1"  AND\nb=\'2\' ')).toEqual({
      kind: 'and',
      args: [eq('a', '1'), eq('b', '2')],
    });
  });
});

describe('parseFilter: case rules', () => {
  it('reads keywords and field names in any case, and lower-cases field names', () => {
    expect(parse('Resource_SITE = "x" and NOT resource_id Not Like "y" oR A iS nOt NuLl')).toEqual({
      kind: 'or',
      args: [
        {
          kind: 'and',
          args: [
            eq('resource_site', 'x'),
            {
              kind: 'not',
              arg: { kind: 'like', field: f('resource_id'), negated: true, pattern: 'y' },
            },
          ],
        },
        { kind: 'null', field: f('a'), negated: true },
      ],
    });
  });

  it('keeps keys exactly as written, with digits, - and _', () => {
    expect(parse('RESOURCE_METADATA.Os-Name_2 = "x"')).toEqual({
      kind: 'compare',
      field: f('resource_metadata', 'Os-Name_2'),
      op: '=',
      value: s('x'),
    });
    expect(parse('labels.app.kubernetes.io = "x"')).toMatchObject({
      field: { name: 'labels', path: ['app', 'kubernetes', 'io'] },
    });
  });

  it('takes words that start with a keyword as field names', () => {
    expect(parse('notes = "x" AND order_id = "y" OR island = "z"')).toEqual({
      kind: 'or',
      args: [{ kind: 'and', args: [eq('notes', 'x'), eq('order_id', 'y')] }, eq('island', 'z')],
    });
    expect(parse('a.and = "x"')).toMatchObject({ field: { name: 'a', path: ['and'] } });
  });
});

describe('parseFilter: strings', () => {
  it('unescapes quotes and backslashes in both quote styles', () => {
    expect(parse(String.raw`a = "say \"hi\" \\ it's"`)).toEqual(eq('a', 'say "hi" \\ it\'s'));
    expect(parse(String.raw`a = 'it\'s \"x\" \\'`)).toEqual(eq('a', 'it\'s "x" \\'));
  });

  it('keeps any other backslash as written', () => {
    expect(parse(String.raw`a = "C:\temp\n"`)).toEqual(eq('a', 'C:\\temp\\n'));
    expect(parse(String.raw`a LIKE "r\_1"`)).toMatchObject({ pattern: 'r\\_1' });
    expect(parse(String.raw`a LIKE "100\%"`)).toMatchObject({ pattern: '100\\%' });
  });

  it('reads empty strings and strings holding the other quote', () => {
    expect(parse('a = ""')).toEqual(eq('a', ''));
    expect(parse(`a = '"' OR b = "'"`)).toEqual({ kind: 'or', args: [eq('a', '"'), eq('b', "'")] });
    expect(parse('a = "line\nbreak"')).toEqual(eq('a', 'line\nbreak'));
  });
});

describe('parseFilter: quoted keys', () => {
  it('reads a quoted key with dots, slashes and colons as one key, in either quote', () => {
    expect(parse('labels."app.kubernetes.io/name" = "web"')).toEqual({
      kind: 'compare',
      field: f('labels', 'app.kubernetes.io/name'),
      op: '=',
      value: s('web'),
    });
    expect(parse("annotations.'backstage.io/techdocs-ref' IS NULL")).toEqual({
      kind: 'null',
      field: f('annotations', 'backstage.io/techdocs-ref'),
      negated: false,
    });
    expect(parse('m."a:b c"."x\\"y".z LIKE "%"')).toMatchObject({
      field: f('m', 'a:b c', 'x"y', 'z'),
    });
    expect(parse('m."say \\"hi\\"" = 1')).toMatchObject({ field: f('m', 'say "hi"') });
  });

  it('keeps bare dotted keys as before, which the catalogue joins with dots', () => {
    expect(parse('labels.app.kubernetes.io IS NOT NULL')).toMatchObject({
      field: f('labels', 'app', 'kubernetes', 'io'),
    });
  });

  it('refuses an empty quoted key and an unterminated one', () => {
    expect(syntaxError('labels."" = 1').message).toBe(
      'line 1, column 8: a quoted key cannot be empty',
    );
    expect(syntaxError('labels."a/b = 1').message).toBe('line 1, column 8: unterminated string');
    expect(syntaxError('"labels" = 1').expected).toEqual(['"("', 'NOT', 'field name']);
  });
});

describe('parseFilter: errors', () => {
  it('names the line, the column, what was expected and what was found', () => {
    const error = syntaxError('resource_id IN x');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ARGUS_DSL_SYNTAX');
    expect(error.line).toBe(1);
    expect(error.column).toBe(16);
    expect(error.expected).toEqual(['"("']);
    expect(error.found).toBe('x');
    expect(error.message).toBe('line 1, column 16: expected "(" but found "x"');
  });

  it('counts lines and columns across newlines', () => {
    const error = syntaxError('a = "1"\nAND b = \nOR c = 2');
    expect([error.line, error.column]).toEqual([3, 1]);
    expect(error.message).toBe('line 3, column 1: expected number or string but found "OR"');
  });

  it('names the whole token found: a word, a number, a quoted string, an operator', () => {
    const found = (text: string) => {
      const error = syntaxError(text);
      return [error.found, error.reason];
    };
    expect(found('a = 1 AND AND b = 2')).toEqual([
      'AND',
      'expected "(", NOT or field name but found "AND"',
    ]);
    expect(found('owner = "a" OR OR x = 1')[0]).toBe('OR');
    expect(found('a IN (1, 2) 30.5')).toEqual([
      '30.5',
      'expected AND, OR or end of input but found "30.5"',
    ]);
    expect(found('a = "x" "second value"')).toEqual([
      '"second value"',
      'expected AND, OR or end of input but found the string "second value"',
    ]);
    expect(found(String.raw`a = 'x' 'it\'s'`)[1]).toBe(
      String.raw`expected AND, OR or end of input but found the string 'it\'s'`,
    );
    expect(found('a == 1')).toEqual(['=', 'expected number or string but found "="']);
    expect(found('a = 1 >= 2')[0]).toBe('>=');
    expect(found('labels.app.kubernetes.io/name = 1')[0]).toBe('/');
    expect(found('a = 1 AND b-c = 2')[0]).toBe('-c');
    expect(found('a = 1 😀 b')[0]).toBe('😀');
  });

  it('shortens a long token in the message but keeps it whole on the error', () => {
    const long = `"${'x'.repeat(100)}"`;
    const error = syntaxError(`a = 1 ${long}`);
    expect(error.found).toBe(long);
    expect(error.reason).toBe(
      `expected AND, OR or end of input but found the string "${'x'.repeat(38)}…`,
    );
  });

  it('lists every alternative', () => {
    expect(syntaxError('a = 1 b = 2').message).toBe(
      'line 1, column 7: expected AND, OR or end of input but found "b"',
    );
    expect(syntaxError('(a = 1 b').message).toBe(
      'line 1, column 8: expected ")", AND or OR but found "b"',
    );
    expect(syntaxError('a ~ 1').expected).toEqual([
      'IN',
      'IS',
      'LIKE',
      'NOT',
      'comparison operator',
    ]);
    expect(syntaxError('a~1').expected).toEqual([
      '"."',
      'IN',
      'IS',
      'LIKE',
      'NOT',
      'comparison operator',
    ]);
    expect(syntaxError('a = ').message).toBe(
      'line 1, column 5: expected number or string but found end of input',
    );
    expect(syntaxError('a IS "x"').expected).toEqual(['NOT', 'NULL']);
    expect(syntaxError('a IN ()').expected).toEqual(['number', 'string']);
  });

  it('refuses keywords as field names and a dot without a key', () => {
    expect(syntaxError('and = 1').expected).toEqual(['"("', 'NOT', 'field name']);
    expect(syntaxError('NOT = 1').column).toBe(5);
    const dot = syntaxError('resource_metadata. = 1');
    expect([dot.column, dot.expected]).toEqual([19, ['key']]);
  });

  it('refuses unterminated strings and malformed numbers', () => {
    expect(syntaxError('a = "abc').message).toBe('line 1, column 5: unterminated string');
    expect(syntaxError("a = 'abc\\'").message).toBe('line 1, column 5: unterminated string');
    expect(syntaxError('a = 10abc').message).toBe('line 1, column 5: invalid number "10abc"');
    expect(syntaxError('a = 1.').message).toBe('line 1, column 5: invalid number "1."');
    expect(syntaxError('a = .5').column).toBe(5);
    expect(syntaxError('a = --1').column).toBe(5);
  });

  it('refuses an empty filter instead of selecting everything', () => {
    for (const text of ['', '   ', '\n\t']) {
      const error = syntaxError(text);
      expect(error.reason).toBe('filter is empty');
      expect([error.line, error.column]).toEqual([1, 1]);
    }
    expect(syntaxError('()').column).toBe(2);
  });

  it('refuses filters over the length limit, and accepts one at the limit', () => {
    const clause = 'resource_id = "x" OR ';
    const long = `${clause.repeat(Math.ceil(MAX_FILTER_LENGTH / clause.length))}a = 1`;
    const error = syntaxError(long);
    expect(error.reason).toBe(
      `filter is too long (${long.length} characters, at most ${MAX_FILTER_LENGTH})`,
    );
    const atLimit = `a = "${'x'.repeat(MAX_FILTER_LENGTH - 6)}"`;
    expect(atLimit.length).toBe(MAX_FILTER_LENGTH);
    expect(parseFilter(atLimit).kind).toBe('compare');
  });

  it('refuses absurd nesting with a syntax error rather than a crash', () => {
    expect(syntaxError(`${'NOT '.repeat(300)}a = 1`).reason).toMatch(/nested too deeply/);
    expect(syntaxError(`${'('.repeat(4000)}a = 1${')'.repeat(4000)}`).reason).toMatch(
      /nested too deeply/,
    );
    expect(parse(`${'NOT '.repeat(150)}a = "1"`).kind).toBe('not');
  });

  it('refuses the NUL character, which PostgreSQL cannot hold in text', () => {
    expect(syntaxError('a = "x\0"').column).toBe(7);
  });
});

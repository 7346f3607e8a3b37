import { parser } from '@prometheus-io/lezer-promql';

/**
 * PromQL, as far as Argus answers it: a plain instant vector selector, a metric name with label
 * matchers (`interface_bits_in_total{resource_site="dc1",interface_name=~"eth.*"}`), parsed with
 * Prometheus' own grammar (@prometheus-io/lezer-promql). Anything else is refused with a message
 * naming what was found, so Grafana shows why (Argus has no PromQL engine: functions and
 * operators belong to a real Prometheus fed by remote write).
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** A selector Argus cannot answer; the routes answer it as Prometheus' `bad_data`. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** A node of the parse tree (the type of @lezer/common, reached without depending on it). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const ONLY_SELECTORS =
  'only plain selectors are supported: a metric name with label matchers, like up{job="x"}';

/** What a user wrote instead of a selector, by the grammar's node names. */
const NOT_A_SELECTOR: Record<string, string> = {
  FunctionCall: 'a function call',
  BinaryExpr: 'an operator',
  UnaryExpr: 'an operator',
  AggregateExpr: 'an aggregation',
  MatrixSelector: 'a range selector ([...])',
  SubqueryExpr: 'a subquery',
  OffsetExpr: 'an offset modifier',
  StepInvariantExpr: 'an @ modifier',
  ParenExpr: 'parentheses',
  NumberDurationLiteral: 'a number',
  StringLiteral: 'a string',
};

const OPS: Record<string, MatchOp> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** A PromQL string literal's value: "..." and '...' with Go escapes, `...` raw. */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(
    /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.))/gs,
    (_m, hex: string, u4: string, u8: string, octal: string, single: string) => {
      if (hex) return String.fromCharCode(Number.parseInt(hex, 16));
      if (u4) return String.fromCodePoint(Number.parseInt(u4, 16));
      if (u8) return String.fromCodePoint(Number.parseInt(u8, 16));
      if (octal) return String.fromCharCode(Number.parseInt(octal, 8));
      const simple: Record<string, string> = {
        a: '\x07',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
        v: '\v',
      };
      return simple[single] ?? single;
    },
  );
}

function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.type.isError) return node;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const found = firstError(child);
    if (found) return found;
  }
  return null;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function matcherOf(node: SyntaxNode, text: string): Matcher {
  const part = (n: SyntaxNode) => text.slice(n.from, n.to);
  const [nameNode, opNode, valueNode] = children(node);
  const name =
    nameNode.name === 'LabelName' ? part(nameNode) : unquote(part(nameNode.firstChild ?? nameNode));
  const op = OPS[opNode?.firstChild?.name ?? ''];
  if (!op || !valueNode) throw new SelectorError(`bad label matcher: ${part(node)}`);
  return { name, op, value: unquote(part(valueNode)) };
}

/** A matcher's test; regexes are anchored at both ends, as Prometheus' are. */
export function matcherTest(m: Matcher): (value: string) => boolean {
  switch (m.op) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    default: {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${m.value})$`, 's');
      } catch (error) {
        throw new SelectorError(
          `bad regular expression for ${m.name}: ${(error as Error).message}`,
        );
      }
      return m.op === '=~' ? (v) => re.test(v) : (v) => !re.test(v);
    }
  }
}

/**
 * The matchers of a selector (the metric name becomes `__name__=...`). Throws a SelectorError
 * for a syntax error (with the column), for anything but a plain selector, and for a selector
 * every series would match (Prometheus' rule: at least one matcher must not match the empty
 * string), which would read the whole store.
 */
export function parseSelector(text: string): Matcher[] {
  if (text.trim() === '') throw new SelectorError(`${ONLY_SELECTORS}; got an empty query`);
  const tree = parser.parse(text);
  const top = tree.topNode;
  const error = firstError(top);
  if (error) {
    throw new SelectorError(
      `syntax error at column ${error.from + 1} of ${JSON.stringify(text.slice(0, 200))}`,
    );
  }
  const exprs = children(top).filter((n) => n.name !== 'LineComment');
  const expr = exprs[0];
  if (exprs.length !== 1 || !expr) throw new SelectorError(`${ONLY_SELECTORS}; got an empty query`);
  if (expr.name !== 'VectorSelector') {
    const what = NOT_A_SELECTOR[expr.name] ?? expr.name;
    throw new SelectorError(`${ONLY_SELECTORS}; got ${what}`);
  }
  const matchers: Matcher[] = [];
  for (const child of children(expr)) {
    if (child.name === 'Identifier') {
      matchers.push({ name: '__name__', op: '=', value: text.slice(child.from, child.to) });
      continue;
    }
    if (child.name !== 'LabelMatchers') continue;
    for (const m of children(child)) {
      if (m.name === 'UnquotedLabelMatcher' || m.name === 'QuotedLabelMatcher') {
        matchers.push(matcherOf(m, text));
      } else if (m.name === 'QuotedLabelName') {
        // `{"my.metric"}`: a quoted metric name (Prometheus 3's UTF-8 names).
        const literal = m.firstChild ?? m;
        matchers.push({
          name: '__name__',
          op: '=',
          value: unquote(text.slice(literal.from, literal.to)),
        });
      }
    }
  }
  // Every regex compiled here, so a bad one is refused whatever the other matchers are.
  const tests = matchers.map(matcherTest);
  if (!tests.some((test) => !test(''))) {
    throw new SelectorError(
      `the selector ${JSON.stringify(text.slice(0, 200))} matches every series: give a metric name or a matcher that does not match the empty string`,
    );
  }
  return matchers;
}

/** Whether a series' labels (with `__name__`) satisfy every matcher; a missing label is "". */
export function compileMatchers(
  matchers: readonly Matcher[],
): (labels: Readonly<Record<string, string>>) => boolean {
  const tests = matchers.map((m) => ({ name: m.name, test: matcherTest(m) }));
  return (labels) => tests.every((t) => t.test(labels[t.name] ?? ''));
}

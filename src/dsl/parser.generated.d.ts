// Hand-written types for the Peggy output in parser.generated.js (Peggy emits no declarations).
import type { Expr } from './ast.js';

export interface PeggyPosition {
  offset: number;
  line: number;
  column: number;
}

export interface PeggyLocation {
  source: unknown;
  start: PeggyPosition;
  end: PeggyPosition;
}

export type PeggyExpectation =
  | { type: 'literal'; text: string; ignoreCase: boolean }
  | { type: 'class'; parts: (string | [string, string])[]; inverted: boolean; ignoreCase: boolean }
  | { type: 'any' }
  | { type: 'end' }
  | { type: 'other'; description: string };

// biome-ignore lint/suspicious/noShadowRestrictedNames: the name the generated module exports.
export class SyntaxError extends Error {
  /** Null when the grammar raised the error itself with a message (e.g. unterminated string). */
  expected: PeggyExpectation[] | null;
  found: string | null;
  location: PeggyLocation;
  static buildMessage(expected: PeggyExpectation[], found: string | null): string;
}

export interface ParseOptions {
  startRule?: 'Filter';
  grammarSource?: unknown;
}

export const StartRules: string[];

export function parse(input: string, options?: ParseOptions): Expr;

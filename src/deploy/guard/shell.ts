// The real shell parser (mvdan/sh compiled to WebAssembly, via sh-syntax) decides whether a
// command is valid shell at all, and where it is not. Its JavaScript output stops at statement
// spans (0.7.0 serialises no command nodes), so the walk inside statements is ours (lexer.ts,
// commands.ts); this module only answers "parses, or fails at line L column C".
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export interface ShellSyntaxError {
  message: string;
  /** 1-based line and column, in characters. */
  line: number;
  column: number;
  /** Character offset in the text (the parser counts bytes; converted). */
  offset: number;
}

type Processor = (text: string) => Promise<unknown>;

let loading: Promise<Processor> | undefined;

/**
 * Loads the parser once, on first use, so importing the guard (every `argus` start) costs
 * nothing. The module is compiled once: sh-syntax's own loader compiles the WASM bytes again on
 * every call (~40 ms); instantiating a compiled module is what is left per call.
 */
function processor(): Promise<Processor> {
  loading ??= (async () => {
    const [{ getProcessor }, bytes] = await Promise.all([
      import('sh-syntax'),
      readFile(createRequire(import.meta.url).resolve('sh-syntax/main.wasm')),
    ]);
    const compiled = await WebAssembly.compile(bytes);
    return getProcessor((imports: WebAssembly.Imports) =>
      WebAssembly.instantiate(compiled, imports),
    ) as Processor;
  })();
  // A failed load is not cached: the next check tries again rather than failing forever.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The syntax error of `text` as bash, or null when it parses. Parses run one at a time: each
 * starts a Go runtime of a few MB, and running them side by side on one JavaScript thread would
 * only add memory, never speed.
 */
export function shellSyntaxError(text: string): Promise<ShellSyntaxError | null> {
  const result = queue.then(() => parseOnce(text));
  queue = result.catch(() => undefined);
  return result;
}

async function parseOnce(text: string): Promise<ShellSyntaxError | null> {
  const parse = await processor();
  try {
    await parse(text);
    return null;
  } catch (error) {
    const found = error as { Text?: string; message?: string; Pos?: PosLike };
    // The parser counts bytes; a user counts characters, so line and column are recounted.
    const offset = found.Pos ? charOffset(text, found.Pos.Offset) : 0;
    const before = text.slice(0, offset);
    return {
      message: found.Text || found.message || 'not valid shell',
      line: before.split('\n').length,
      column: offset - (before.lastIndexOf('\n') + 1) + 1,
      offset,
    };
  }
}

interface PosLike {
  Line: number;
  Col: number;
  Offset: number;
}

/** The string index of a UTF-8 byte offset (the Go parser counts bytes). */
function charOffset(text: string, byteOffset: number): number {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(0, Math.min(byteOffset, bytes.length)).toString('utf8').length;
}

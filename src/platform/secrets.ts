import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { z } from 'zod';

/**
 * Secret references. Configuration never holds a password, community or token itself, only where
 * to read it: `env:NAME` (an environment variable of the Argus process) or `file:/absolute/path`
 * (a file, e.g. a mounted Kubernetes or systemd credential). The value is read when it is used, so
 * a rotated file is picked up on the next run without a reload.
 *
 * Errors name the reference and the reason, never the value. Callers must not log what
 * `readSecret` returns.
 */

export type SecretReference =
  | { kind: 'env'; name: string; text: string }
  | { kind: 'file'; path: string; text: string };

/** Why a reference could not be resolved; `reference` is the text as configured (no secret in it). */
export class SecretError extends Error {
  constructor(
    readonly reference: string,
    readonly reason: string,
  ) {
    super(`secret ${reference}: ${reason}`);
    this.name = 'SecretError';
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A secret is a line or a key, not a data file; the cap stops `file:/dev/zero` reading forever. */
const MAX_FILE_BYTES = 64 * 1024;

/** Parses `env:NAME` or `file:/path`; anything else is refused (a literal secret in a config is a mistake). */
export function parseSecretReference(text: string): SecretReference {
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (scheme === 'env') {
    if (!ENV_NAME.test(rest))
      throw new SecretError(text, 'env: needs a variable name (A-Z, 0-9, _)');
    return { kind: 'env', name: rest, text };
  }
  if (scheme === 'file') {
    if (!isAbsolute(rest)) throw new SecretError(text, 'file: needs an absolute path');
    return { kind: 'file', path: rest, text };
  }
  // The text may be a secret pasted by mistake: it is not repeated in the message.
  throw new SecretError('(not a reference)', 'expected env:NAME or file:/absolute/path');
}

/** A configuration field holding a secret reference; a bad one is a 400 naming the field. */
export const secretReference = z.string().superRefine((text, ctx) => {
  try {
    parseSecretReference(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as SecretError).reason });
  }
});

export interface ReadSecretOptions {
  /** The environment `env:` reads (default process.env); tests pass their own. */
  env?: Record<string, string | undefined>;
}

/**
 * Resolves a reference to its value. A file's one trailing newline is dropped (files written by
 * `echo` or editors end in one, and no password or token does); an empty value is an error,
 * since an empty password silently authenticating as "no password" is worse than failing.
 */
export async function readSecret(text: string, options: ReadSecretOptions = {}): Promise<string> {
  const ref = parseSecretReference(text);
  if (ref.kind === 'env') {
    const value = (options.env ?? process.env)[ref.name];
    if (value === undefined) throw new SecretError(text, 'the variable is not set');
    if (value === '') throw new SecretError(text, 'the variable is empty');
    return value;
  }
  const value = (await readCapped(ref)).replace(/\r?\n$/, '');
  if (value === '') throw new SecretError(text, 'the file is empty');
  return value;
}

async function readCapped(ref: { path: string; text: string }): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(ref.path, 'r');
  } catch (error) {
    throw new SecretError(
      ref.text,
      `cannot open: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  try {
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_FILE_BYTES)
      throw new SecretError(ref.text, `larger than ${MAX_FILE_BYTES} bytes`);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof SecretError) throw error;
    throw new SecretError(
      ref.text,
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  } finally {
    await handle.close();
  }
}

/** The `secret` function of a plugin context (and any other consumer) bound to one environment. */
export function secretReader(
  options: ReadSecretOptions = {},
): (reference: string) => Promise<string> {
  return (reference) => readSecret(reference, options);
}

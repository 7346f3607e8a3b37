import { readSecret } from '../../platform/secrets.js';

/**
 * Secret references in step commands (`${secret:env:NAME}`, `${secret:file:/path}`, see plan.ts):
 * resolved just before a command is sent, so values never sit in the plan or the database, and
 * masked in every output line, so a command echoing its token does not log it.
 */

const REFERENCE = /\$\{secret:((?:env|file):[^}]+)\}/g;
export const MASK = '***';

export interface ResolvedCommand {
  text: string;
  /** Values substituted into `text`: to mask in output. */
  values: string[];
}

export async function resolveSecrets(command: string): Promise<ResolvedCommand> {
  const references = [...new Set([...command.matchAll(REFERENCE)].map((m) => m[1] as string))];
  if (references.length === 0) return { text: command, values: [] };
  const resolved = new Map<string, string>();
  for (const reference of references) resolved.set(reference, await readSecret(reference));
  const text = command.replace(REFERENCE, (_, reference: string) => resolved.get(reference) ?? '');
  return { text, values: [...resolved.values()] };
}

/** The line with every secret value replaced by `***` (longest first, so overlaps mask whole). */
export function maskSecrets(line: string, values: readonly string[]): string {
  let out = line;
  for (const value of [...values].sort((a, b) => b.length - a.length))
    out = out.split(value).join(MASK);
  return out;
}

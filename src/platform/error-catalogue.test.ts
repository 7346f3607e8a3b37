import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { settings } from './config.js';
import { declaredErrorCodes, defineErrors } from './errors.js';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The `| \`CODE\` | status | meaning |` rows of docs/errors.md. */
function documentedCodes(): Map<string, number> {
  const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
  const rows = new Map<string, number>();
  for (const match of doc.matchAll(/^\|\s*`(ARGUS_[A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|/gm)) {
    expect(rows.has(match[1]!), `${match[1]} is listed twice in docs/errors.md`).toBe(false);
    rows.set(match[1]!, Number(match[2]));
  }
  return rows;
}

describe('the error catalogue', () => {
  const files = sources(join(root, 'src'));
  let declared: ReadonlyMap<string, number>;

  beforeAll(async () => {
    // Every module that declares a catalogue is loaded, so a new catalogue is checked without
    // being listed anywhere.
    for (const file of files) {
      if (readFileSync(file, 'utf8').includes('defineErrors(')) {
        await import(pathToFileURL(file).href);
      }
    }
    declared = declaredErrorCodes();
  });

  it('documents every declared code in docs/errors.md with the same status', () => {
    expect(declared.size).toBeGreaterThan(20);
    const documented = documentedCodes();
    const wrong = [...declared]
      .filter(([code, status]) => documented.get(code) !== status)
      .map(([code, status]) => `${code} ${status} (docs: ${documented.get(code) ?? 'missing'})`);
    expect(wrong).toEqual([]);
  });

  it('documents no code that no catalogue declares', () => {
    const stale = [...documentedCodes().keys()].filter((code) => !declared.has(code));
    expect(stale).toEqual([]);
  });

  it('declares every code written in the sources', () => {
    // Settings' environment variables share the ARGUS_ prefix and are not error codes.
    const envNames = new Set<string>(Object.values(settings).map((s) => s.env));
    const undeclared: string[] = [];
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'(ARGUS_[A-Z0-9_]+)'/g)) {
        const code = match[1]!;
        if (!envNames.has(code) && !declared.has(code))
          undeclared.push(`${relative(root, file)}: ${code}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('refuses a code declared twice, so it cannot carry two statuses', () => {
    const [code] = [...declared.keys()];
    expect(() => defineErrors({ again: { code: code as `ARGUS_${string}`, status: 409 } })).toThrow(
      `error code ${code} is declared twice`,
    );
  });
});

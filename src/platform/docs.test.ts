import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settings } from './config.js';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('documentation', () => {
  it('documents every setting with its environment variable, yaml key and default', () => {
    const doc = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    for (const setting of Object.values(settings)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${setting.env}\``));
      expect(row, setting.env).toBeDefined();
      expect(row).toContain(`\`${setting.yaml}\``);
      if (setting.default !== '') expect(row).toContain(`\`${String(setting.default)}\``);
    }
  });

  it('documents every error code the code can answer', () => {
    const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
    const envNames = new Set(Object.values(settings).map((s) => s.env));
    const codes = new Set<string>();
    for (const file of sources(join(root, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'(ARGUS_[A-Z_]+)'/g)) {
        if (!envNames.has(match[1] as never)) codes.add(match[1]!);
      }
    }
    expect(codes.size).toBeGreaterThan(10);
    const undocumented = [...codes].filter((code) => !doc.includes(`\`${code}\``));
    expect(undocumented).toEqual([]);
  });
});

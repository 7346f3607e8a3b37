import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settings } from './config.js';

const root = join(import.meta.dirname, '../..');

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
});

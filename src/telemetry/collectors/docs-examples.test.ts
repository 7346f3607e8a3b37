import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePluginFile } from '../config/plugin-file.js';
import { moduleRegistry } from '../registry.js';

/** The plugin files shown in docs/telemetry.md "Built-in plugins" load as written. */
const doc = readFileSync(new URL('../../../docs/telemetry.md', import.meta.url), 'utf8');
const start = doc.indexOf('## Built-in plugins');
const end = doc.indexOf('\n## ', start + 1);
const section = doc.slice(start, end < 0 ? undefined : end);
const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) =>
  m[1]!.split(/^---$/m),
);

describe('docs/telemetry.md built-in plugin examples', () => {
  it('has examples', () => {
    expect(start).toBeGreaterThanOrEqual(0);
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((text, i) => [i + 1, text]))('example %i loads', (_, text) => {
    const { config } = parsePluginFile('example.yaml', text as string, moduleRegistry());
    expect(moduleRegistry().has(config.module)).toBe(true);
  });
});

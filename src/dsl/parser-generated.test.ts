import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface GeneratorModule {
  generateParserSource: () => string;
  parserPath: string;
}

describe('parser.generated.js', () => {
  it('is what grammar.peggy generates (run npm run dsl:generate when this fails)', async () => {
    // A computed specifier: the generator is plain JavaScript without type declarations.
    const url = new URL('../../scripts/generate-parser.js', import.meta.url).href;
    const generator = (await import(url)) as GeneratorModule;
    const committed = readFileSync(generator.parserPath, 'utf8');
    expect(generator.generateParserSource() === committed, 'parser.generated.js is stale').toBe(
      true,
    );
  });
});

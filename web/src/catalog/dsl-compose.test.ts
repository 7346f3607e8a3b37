import { describe, expect, it } from 'vitest';
import { composeFilter, facetClause, quote } from './dsl-compose.js';

describe('composing the dashboard filter', () => {
  it('quotes values with backslash escapes for quotes and backslashes', () => {
    expect(quote('plain')).toBe('"plain"');
    expect(quote('say "hi"')).toBe(String.raw`"say \"hi\""`);
    expect(quote(String.raw`a\b`)).toBe(String.raw`"a\\b"`);
  });

  it('turns a facet selection into IN, and the "not set" bucket into IS NULL', () => {
    expect(facetClause('lifecycle', ['mature', 'new'])).toBe('lifecycle IN ("mature", "new")');
    expect(facetClause('owner', [''])).toBe('owner IS NULL');
    expect(facetClause('owner', ['payments', ''])).toBe('(owner IN ("payments") OR owner IS NULL)');
    expect(facetClause('tags', [])).toBeUndefined();
  });

  it('keeps the user filter whole inside parentheses and ANDs the facets', () => {
    expect(composeFilter('a = "1" OR b = "2"', { lifecycle: ['mature'] })).toBe(
      '(a = "1" OR b = "2") AND lifecycle IN ("mature")',
    );
    expect(composeFilter('', { lifecycle: ['mature'], owner: ['x'] })).toBe(
      'lifecycle IN ("mature") AND owner IN ("x")',
    );
    expect(composeFilter('name = "x"', {})).toBe('name = "x"');
    expect(composeFilter(undefined, {})).toBeUndefined();
  });

  it('leaves one facet out when counting that facet', () => {
    expect(composeFilter(undefined, { lifecycle: ['mature'], owner: ['x'] }, 'lifecycle')).toBe(
      'owner IN ("x")',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { validateGraphSearch } from './graph-search.js';

describe('validateGraphSearch', () => {
  it('keeps a known direction and drops anything else', () => {
    expect(validateGraphSearch({ root: 'default/a', direction: 'upstream' }).direction).toBe(
      'upstream',
    );
    expect(validateGraphSearch({ direction: 'downstream' }).direction).toBe('downstream');
    expect(validateGraphSearch({ direction: 'sideways' }).direction).toBeUndefined();
    expect(validateGraphSearch({}).direction).toBeUndefined();
  });

  it('reads a root reference and a depth from 1 to 10', () => {
    expect(validateGraphSearch({ root: 'component:default/a', depth: '3' })).toEqual({
      root: 'default/a',
      depth: 3,
      direction: undefined,
    });
    expect(validateGraphSearch({ depth: '11' }).depth).toBeUndefined();
  });
});

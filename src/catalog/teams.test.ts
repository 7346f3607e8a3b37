import { describe, expect, it } from 'vitest';
import { parentsLoop } from './teams.js';

describe('parentsLoop', () => {
  const tree = new Map<string, string | null>([
    ['platform', null],
    ['payments', 'platform'],
    ['billing', 'payments'],
  ]);

  it('sees no loop in a tree', () => {
    for (const team of tree.keys()) expect(parentsLoop(team, tree)).toBe(false);
  });

  it('sees a team moved under its own sub-team', () => {
    const moved = new Map(tree).set('platform', 'billing');
    expect(parentsLoop('platform', moved)).toBe(true);
    // Every team whose parents lead into the loop is refused too.
    expect(parentsLoop('billing', moved)).toBe(true);
  });

  it('sees a team made its own parent', () => {
    expect(parentsLoop('payments', new Map(tree).set('payments', 'payments'))).toBe(true);
  });

  it('takes an unknown parent as the top of the tree', () => {
    expect(parentsLoop('x', new Map([['x', 'gone']]))).toBe(false);
  });
});

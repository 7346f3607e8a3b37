import { describe, expect, it } from 'vitest';
import { pageTitle, titled } from './page-title.js';

describe('pageTitle', () => {
  it('names the page first and the product last', () => {
    expect(pageTitle('checkout-service', 'Components')).toBe(
      'checkout-service · Components · Argus',
    );
    expect(pageTitle('History')).toBe('History · Argus');
    expect(pageTitle()).toBe('Argus');
  });

  it('leaves out parts that are not known', () => {
    expect(pageTitle(undefined, 'People')).toBe('People · Argus');
  });

  it('makes a route head with that title', () => {
    expect(titled('Teams')()).toEqual({ meta: [{ title: 'Teams · Argus' }] });
  });
});

import { describe, expect, it } from 'vitest';
import { isEntityName } from '../contract.js';
import { keys, slugify } from './keys.js';

describe('slugify', () => {
  it('turns free text into a valid entity name', () => {
    expect(slugify('My PostgreSQL DB')).toBe('my-postgresql-db');
    expect(slugify('  Café & Crème!  ')).toBe('cafe-creme');
    expect(slugify('???')).toBe('unnamed');
    expect(isEntityName(slugify('x'.repeat(100)))).toBe(true);
  });

  it('numbers clashes', () => {
    const taken = new Set<string>();
    expect([slugify('My IdP', taken), slugify('my idp', taken), slugify('MY-IDP', taken)]).toEqual([
      'my-idp',
      'my-idp-2',
      'my-idp-3',
    ]);
  });
});

describe('keys', () => {
  it('match names ignoring case and surrounding spaces', () => {
    expect(keys.component('Default', 'Billing')).toBe(keys.component('default', 'billing '));
    expect(keys.reference('vendors', 'ACME')).toBe(keys.reference('vendors', 'acme'));
    expect(keys.deployment('v', { environment: 'Prod', serviceName: '' })).toBe(
      keys.deployment('v', { environment: 'prod', runtime: null }),
    );
  });
});

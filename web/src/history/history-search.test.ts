import { describe, expect, it } from 'vitest';
import {
  entityPath,
  fromLocalInput,
  toLocalInput,
  validateHistorySearch,
} from './history-search.js';

describe('history search', () => {
  it('keeps the known params that have a value', () => {
    expect(
      validateHistorySearch({ actor: ' bob ', ref: '', since: 3, until: '2026-01-01T00:00:00Z' }),
    ).toEqual({ actor: 'bob', ref: undefined, since: undefined, until: '2026-01-01T00:00:00Z' });
  });

  it('round-trips an instant through a datetime-local value (to the minute)', () => {
    const iso = '2026-03-04T05:06:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('not a date')).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('garbage')).toBeUndefined();
  });

  it('links an event to the page of its entity', () => {
    expect(entityPath('component:default/checkout-service')).toBe(
      '/components/default/checkout-service',
    );
    expect(entityPath('component:shop/cart-api@1.2.0')).toBe('/components/shop/cart-api');
    expect(entityPath('component:shop/cart-api@1.2.0/deployment')).toBe(
      '/components/shop/cart-api',
    );
    expect(entityPath('component:default/a-b->component:default/c')).toBe(
      '/components/default/a-b',
    );
    expect(entityPath('person:bob')).toBe('/people/bob');
    expect(entityPath('group:payments')).toBe('/teams/payments');
    expect(entityPath('categories/Backend')).toBeUndefined();
  });
});

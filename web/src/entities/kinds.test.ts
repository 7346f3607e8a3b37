import { describe, expect, it } from 'vitest';
import { entityPath, parseEntityRef, shortRef } from './kinds.js';

describe('where an entity lives in the app', () => {
  it('is the page of its kind, namespace and name', () => {
    expect(entityPath('api:default/orders-rest')).toBe('/apis/default/orders-rest');
    expect(entityPath('system:shop/payments')).toBe('/systems/shop/payments');
    expect(entityPath('domain:default/commerce')).toBe('/domains/default/commerce');
    expect(entityPath('resource:default/orders-db')).toBe('/catalog-resources/default/orders-db');
  });

  it('is in the default namespace when the ref names none', () => {
    expect(parseEntityRef('system:payments')).toEqual({
      kind: 'system',
      namespace: 'default',
      name: 'payments',
    });
  });

  it('is nowhere for refs that are not of the four kinds', () => {
    for (const ref of ['component:default/x', 'group:payments', 'user:bob', 'api:', 'api:a/b/c'])
      expect(entityPath(ref), ref).toBeUndefined();
  });

  it('shows refs short: the kind and the default namespace left out', () => {
    expect(shortRef('system:default/payments')).toBe('payments');
    expect(shortRef('api:shop/orders')).toBe('shop/orders');
  });
});

import { describe, expect, it } from 'vitest';
import type { Component } from '../api/types.js';
import { changedFields, FormParseError, toFormValues, toPayload } from './component-form-model.js';

const component: Component = {
  id: '1',
  ref: 'component:default/billing',
  namespace: 'default',
  name: 'billing',
  title: 'Billing',
  description: 'Bills.',
  type: 'service',
  lifecycle: 'mature',
  category: null,
  subcategory: null,
  vendor: null,
  privacyClass: null,
  locationClasses: [],
  owner: 'payments',
  ownerRef: 'group:payments',
  system: null,
  space: null,
  tags: ['pci'],
  labels: { tier: '1' },
  annotations: {},
  links: [{ url: 'https://wiki/billing', title: 'Wiki' }],
  endpoints: [],
  attributes: {},
  highlyLoaded: false,
  languages: [],
  frameworks: [],
  latestVersion: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('the component form', () => {
  it('sends nothing when nothing changed', () => {
    expect(changedFields(component, toPayload(toFormValues(component)))).toEqual({});
  });

  it('sends only the fields that changed', () => {
    const values = {
      ...toFormValues(component),
      title: 'Billing v2',
      labels: 'tier=1\nteam=pay',
      system: ' ',
    };
    expect(changedFields(component, toPayload(values))).toEqual({
      title: 'Billing v2',
      labels: { tier: '1', team: 'pay' },
    });
  });

  it('holds a person owner as user:<username> and sends it only when it changed', () => {
    const owned: Component = { ...component, owner: 'bob', ownerRef: 'user:bob' };
    expect(toFormValues(owned).owner).toBe('user:bob');
    expect(changedFields(owned, toPayload(toFormValues(owned)))).toEqual({});
    const toTeam = { ...toFormValues(owned), owner: 'payments' };
    expect(changedFields(owned, toPayload(toTeam))).toEqual({ owner: 'payments' });
    const toPerson = { ...toFormValues(component), owner: 'user:carol' };
    expect(changedFields(component, toPayload(toPerson))).toEqual({ owner: 'user:carol' });
  });

  it('reads links as url | title | type lines', () => {
    const values = { ...toFormValues(component), links: 'https://a | A | docs\nhttps://b' };
    expect(toPayload(values).links).toEqual([
      { url: 'https://a', title: 'A', type: 'docs' },
      { url: 'https://b' },
    ]);
  });

  it('names the field whose text does not parse', () => {
    expect(() => toPayload({ ...toFormValues(component), labels: 'no equals sign' })).toThrow(
      FormParseError,
    );
    try {
      toPayload({ ...toFormValues(component), attributes: '[1]' });
    } catch (e) {
      expect((e as FormParseError).field).toBe('attributes');
    }
  });
});

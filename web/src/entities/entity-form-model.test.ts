import { describe, expect, it } from 'vitest';
import type { Entity } from '../api/entities.js';
import { changedFields, formFields, toFormValues, toPayload } from './entity-form-model.js';

const api: Entity = {
  id: '1',
  kind: 'api',
  ref: 'api:default/orders',
  namespace: 'default',
  name: 'orders',
  title: 'Orders',
  description: 'The orders API',
  type: 'openapi',
  lifecycle: 'mature',
  owner: 'payments',
  ownerRef: 'group:payments',
  system: 'system:default/shop',
  domain: null,
  definitionUrl: null,
  hasDefinition: true,
  tags: ['rest'],
  labels: { tier: '1' },
  annotations: {},
  links: [{ url: 'https://docs.example.com/orders', title: 'Docs' }],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('the entity form', () => {
  it('sends only the fields its kind accepts (the server refuses the others by name)', () => {
    const values = { ...toFormValues('domain'), name: 'commerce', parent: 'ignored' };
    const domain = toPayload('domain', values);
    expect(Object.keys(domain)).not.toContain('system');
    expect(Object.keys(domain)).not.toContain('domain');
    expect(Object.keys(domain)).not.toContain('definition');
    expect(toPayload('system', { ...values, parent: 'commerce' })).toMatchObject({
      domain: 'commerce',
    });
    expect(toPayload('resource', { ...values, parent: ' shop ' })).toMatchObject({
      system: 'shop',
    });
    expect(formFields('domain')).not.toContain('system');
    expect(formFields('api')).toEqual(expect.arrayContaining(['system', 'definition']));
  });

  it('sends empty texts as not set, links one a line', () => {
    const payload = toPayload('api', {
      ...toFormValues('api'),
      name: ' orders ',
      links: 'https://a.example | A | docs\n\nhttps://b.example',
    });
    expect(payload).toMatchObject({
      namespace: 'default',
      name: 'orders',
      type: null,
      owner: null,
      system: null,
      definitionUrl: null,
      links: [{ url: 'https://a.example', title: 'A', type: 'docs' }, { url: 'https://b.example' }],
    });
  });

  it('an edit changes nothing when nothing was changed', () => {
    const values = { ...toFormValues('api', api), definition: 'openapi: 3.0.0' };
    expect(changedFields(api, 'openapi: 3.0.0', toPayload('api', values))).toEqual({});
  });

  it('an edit sends what changed: the definition, the owner as typed', () => {
    const values = {
      ...toFormValues('api', api),
      definition: 'openapi: 3.1.0',
      owner: 'payments',
      title: 'Orders API',
    };
    expect(changedFields(api, 'openapi: 3.0.0', toPayload('api', values))).toEqual({
      title: 'Orders API',
      definition: 'openapi: 3.1.0',
    });
    expect(
      changedFields(api, '', toPayload('api', { ...toFormValues('api', api), owner: 'user:bob' })),
    ).toEqual({ owner: 'user:bob' });
  });
});

import { describe, expect, it } from 'vitest';
import { apiDefinitionPath, definitionUrl } from './definition-url.js';

describe('the document the API reference shows', () => {
  it("is Argus's own without a url", () => {
    expect(definitionUrl('')).toBe('/api/openapi.json');
  });

  it('is a document of this Argus when the url names one under /api/', () => {
    expect(definitionUrl('?url=/api/apis/default/orders/definition')).toBe(
      '/api/apis/default/orders/definition',
    );
    expect(definitionUrl('?url=%2Fapi%2Fx%3Fformat%3Dyaml')).toBe('/api/x?format=yaml');
  });

  it('never fetches from elsewhere, whatever the url says', () => {
    for (const url of [
      'https://evil.example/openapi.json',
      '//evil.example/api/x',
      '/\\evil.example/api/x',
      'javascript:alert(1)',
      '/components',
      '/api/../components',
    ]) {
      expect(definitionUrl(`?url=${encodeURIComponent(url)}`), url).toBe('/api/openapi.json');
    }
  });
});

describe('the API entity whose definition the reference shows (?api=)', () => {
  it('is none without ?api=', () => {
    expect(apiDefinitionPath('')).toBeUndefined();
    expect(apiDefinitionPath('?url=/api/x')).toBeUndefined();
  });

  it("is that API's definition route for a namespace and a name", () => {
    expect(apiDefinitionPath('?api=default/orders-rest')).toBe(
      '/api/apis/default/orders-rest/definition',
    );
    expect(apiDefinitionPath('?api=shop%2FPayments_v2.1')).toBe(
      '/api/apis/shop/Payments_v2.1/definition',
    );
  });

  it('is none for anything but exactly a namespace and a name by the catalog rule', () => {
    for (const api of [
      '',
      'orders',
      'default/orders/extra',
      '../openapi.json',
      'default/..',
      'default/.',
      'default/orders?x=1',
      'default/orders#x',
      'default/%2e%2e',
      '//evil.example/x',
      'https://evil.example/x',
      'default\\orders',
      'default/-orders',
      'default/orders-',
      'default/a b',
      `default/${'a'.repeat(64)}`,
    ]) {
      expect(apiDefinitionPath(`?api=${encodeURIComponent(api)}`), api).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { definitionUrl } from './definition-url.js';

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

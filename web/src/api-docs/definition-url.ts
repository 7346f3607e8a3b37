const OWN_DOCUMENT = '/api/openapi.json';

/**
 * Which document the reference shows: `?url=` may name another document of this Argus (a path
 * under /api/, such as an API entity's definition); anything else, another origin included,
 * falls back to Argus's own OpenAPI document, so a link cannot make the page fetch elsewhere.
 */
export function definitionUrl(search: string): string {
  const wanted = new URLSearchParams(search).get('url');
  if (!wanted?.startsWith('/api/') || wanted.startsWith('//')) return OWN_DOCUMENT;
  const resolved = new URL(wanted, 'http://argus.invalid');
  return resolved.origin === 'http://argus.invalid' && resolved.pathname.startsWith('/api/')
    ? `${resolved.pathname}${resolved.search}`
    : OWN_DOCUMENT;
}

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

/** The catalog's rule for a namespace and a name (EntityName on the server). */
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/**
 * `?api=<namespace>/<name>`: the path of that API entity's definition on this Argus
 * (`/api/apis/<namespace>/<name>/definition`), or undefined when the page was not asked for one
 * or the value is not exactly a namespace and a name by the catalog's rule. Only a name that
 * the rule allows reaches the path, so no value can point the page at another route or origin
 * (`..`, `/`, `?`, `%2F` and `:` are not in the rule).
 */
export function apiDefinitionPath(search: string): string | undefined {
  const wanted = new URLSearchParams(search).get('api');
  if (wanted === null) return undefined;
  const parts = wanted.split('/');
  if (parts.length !== 2 || !parts.every((p) => p.length <= 63 && ENTITY_NAME.test(p)))
    return undefined;
  return `/api/apis/${parts[0]}/${parts[1]}/definition`;
}

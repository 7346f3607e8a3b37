import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthErrors } from '../platform/auth/errors.js';
import { Forbidden } from '../platform/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin (`scheme://host[:port]`) of a URL, or null when it is not one. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Whether an `Origin` header names this server: the Host it was sent to, or the public URL. */
function isOwnOrigin(origin: string, host: string | undefined, publicOrigin: string | null) {
  const given = originOf(origin);
  if (!given) return false; // `null` (sandboxed frames, some redirects) or garbage
  if (given === publicOrigin) return true;
  if (!host) return false;
  // The Host header carries no scheme: compare it under the Origin's scheme, so default ports match.
  return originOf(`${new URL(given).protocol}//${host}`) === given;
}

/**
 * Why a write must be refused as cross-site, or null to let it through. The rule, the one Go's
 * net/http CrossOriginProtection applies:
 * 1. `Sec-Fetch-Site`, the browser's own verdict, decides when present: `same-origin` and `none`
 *    (typed by the user) pass; `same-site` (a sibling subdomain) and `cross-site` are refused.
 * 2. Otherwise `Origin` decides: it must name the Host the request was sent to, or the configured
 *    public URL. `Origin: null` is refused.
 * 3. With neither header the request did not come from a browser page (every browser that runs
 *    pages sends one of them on a cross-origin write), so it cannot be a forged one: it passes.
 */
export function crossSiteReason(
  headers: FastifyRequest['headers'],
  publicOrigin: string | null,
): string | null {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') {
    return site === 'same-origin' || site === 'none'
      ? null
      : `Sec-Fetch-Site: ${site.slice(0, 40)}`;
  }
  const origin = headers.origin;
  if (typeof origin === 'string') {
    return isOwnOrigin(origin, headers.host, publicOrigin)
      ? null
      : `Origin: ${origin.slice(0, 200)}`;
  }
  return null;
}

/**
 * Refuses cross-site writes made with the browser's session cookie (or anonymously, as a forged
 * login would be): 403 ARGUS_AUTH_CROSS_SITE. Requests with an API token (`Authorization:
 * Bearer`) are not checked: a page on another site cannot attach one.
 *
 * Also drops Fastify's `text/plain` body parser: a cross-site HTML form can send `text/plain`
 * without a CORS preflight, so no route takes it (415 ARGUS_REQUEST_UNSUPPORTED_TYPE).
 */
export function installCrossSiteGuard(app: FastifyInstance, publicUrl: string): void {
  const publicOrigin = publicUrl ? originOf(publicUrl) : null;
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const reason = crossSiteReason(request.headers, publicOrigin);
    if (reason) {
      throw new Forbidden(
        AuthErrors.crossSite,
        `a page of another site may not change anything here (${reason}); use the Argus web app, or an API token`,
      );
    }
  });
}

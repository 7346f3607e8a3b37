import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Anyone may call this route without logging in (logging in itself, health, the API
     * description, the web app's files). Every other route requires an actor, except reads on
     * a public-read instance.
     */
    public?: boolean;
  }
}

/**
 * Whether the route the router matched is public. Access is decided from the matched route,
 * never from the URL text: the router decodes `%61pi` to `api`, a string check would not.
 * When no route matched, the answer is a 404 to anyone: it says only that the route does not
 * exist, as the public API description does.
 */
export function isPublicRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config?.public === true || request.is404;
}

/** Marks every route registered in `app`'s context from now on public (third-party plugins' routes). */
export function markRoutesPublic(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...route.config, public: true };
  });
}

/**
 * Says in the OpenAPI document which routes need no credentials (`security: []`, the OpenAPI
 * way), from the same `config.public` the server enforces. Install before @fastify/swagger.
 */
export function describePublicRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.public === true && route.schema && !route.schema.hide) {
      route.schema = { ...route.schema, security: [] } as RouteOptions['schema'];
    }
  });
}

/**
 * Whether a path the web app's catch-all route received names the API after decoding,
 * collapsing slashes and ignoring case (`/API/people`, `//api/x`, `/%2561pi/x`). The shell
 * answers those 404, as an unknown API route, rather than the web app.
 */
export function looksLikeApiPath(url: string): boolean {
  let path = url.split('?')[0]!;
  for (let round = 0; ; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return true; // broken encoding: not a page of the web app
    }
    if (decoded === path) break;
    if (round === 4) return true; // encoded again and again: not a page of the web app
    path = decoded;
  }
  path = path.replace(/[\\/]+/g, '/').toLowerCase();
  return path === '/api' || path.startsWith('/api/');
}

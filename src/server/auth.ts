import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthErrors } from '../platform/auth/errors.js';
import { actorFromApiToken, actorFromSession } from '../platform/auth/service.js';
import { digest } from '../platform/auth/tokens.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Unauthenticated } from '../platform/errors.js';
import { isPublicRoute } from './access.js';

export const SESSION_COOKIE = 'argus_session';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

/**
 * Resolves the actor of every request (API token, then session cookie) and refuses anonymous
 * access to every route not marked `config: { public: true }` (see ./access.ts): writes always,
 * reads unless the instance is public-read. Finer rights are checked by the services, never by
 * the client.
 */
export function installAuthentication(app: FastifyInstance, db: Db, publicRead: boolean): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    request.ctx = { actor: null, requestId: request.id };
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const actor = await actorFromApiToken(db, header.slice(7).trim());
      if (!actor)
        throw new Unauthenticated(
          AuthErrors.badToken,
          'the API token is unknown, revoked or expired',
        );
      request.ctx.actor = actor;
    } else {
      const session = request.cookies[SESSION_COOKIE];
      if (session) {
        request.ctx.actor = await actorFromSession(db, session);
        if (request.ctx.actor) request.ctx.session = digest(session);
      }
    }
    if (request.ctx.actor || isPublicRoute(request)) return;
    const reading = request.method === 'GET' || request.method === 'HEAD';
    if (!reading || !publicRead)
      throw new Unauthenticated(
        AuthErrors.required,
        'log in or send an API token (Authorization: Bearer ...)',
      );
  });
}

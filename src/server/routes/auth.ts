import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuthErrors } from '../../platform/auth/errors.js';
import {
  type Authenticator,
  authenticate,
  createSession,
  endSession,
  issueApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../platform/auth/service.js';
import type { Db } from '../../platform/db.js';
import { NotFound, Unauthenticated } from '../../platform/errors.js';
import { SESSION_COOKIE } from '../auth.js';

export interface AuthRouteOptions {
  db: Db;
  authenticators: readonly Authenticator[];
  sessionTtlHours: number;
  secureCookies: boolean;
}

const Me = z.object({ id: z.string(), username: z.string(), isAdmin: z.boolean() });
const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});

/** Log in and out with a session cookie; issue and revoke API tokens for scripts and the CLI. */
export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, options) => {
  const { db } = options;
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets an HTTP-only session cookie',
        body: z.object({
          username: z.string().min(1).max(200),
          password: z.string().min(1).max(1000),
        }),
        response: { 200: Me },
      },
      config: { public: true, rateLimitKey: 'login' },
    },
    async (request, reply) => {
      const person = await authenticate(
        db,
        options.authenticators,
        request.body.username,
        request.body.password,
      );
      const secret = await createSession(db, person.id, options.sessionTtlHours);
      reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        path: '/',
        maxAge: options.sessionTtlHours * 3600,
      });
      request.log.info({ username: person.username }, 'login');
      return { id: person.id, username: person.username, isAdmin: person.role === 'admin' };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session' } },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await endSession(db, secret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'Who is logged in', response: { 200: Me } } },
    async (request) => {
      if (!request.ctx.actor) throw new Unauthenticated(AuthErrors.required, 'not logged in');
      return request.ctx.actor;
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens',
        response: { 200: z.object({ items: z.array(TokenInfo) }) },
      },
    },
    async (request) => {
      // Reachable anonymously on a public-read instance: there is no "your" then.
      if (!request.ctx.actor) throw new Unauthenticated(AuthErrors.required, 'not logged in');
      return { items: await listApiTokens(db, request.ctx.actor.id) };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; its secret is shown once',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: {
          201: z.object({
            id: z.string(),
            name: z.string(),
            token: z.string(),
            expiresAt: z.date().nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const { name, expiresInDays } = request.body;
      const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
      return reply
        .status(201)
        .send(await issueApiToken(db, request.ctx.actor!.id, name, expiresAt));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your API tokens',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      if (!(await revokeApiToken(db, request.ctx.actor!.id, request.params.id))) {
        throw new NotFound(AuthErrors.tokenNotFound, `no token ${request.params.id}`);
      }
      return reply.status(204).send();
    },
  );
};

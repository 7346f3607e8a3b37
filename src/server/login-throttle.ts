import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
  RouteOptions,
} from 'fastify';
import { AuthErrors } from '../platform/auth/errors.js';
import { ArgusError } from '../platform/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'login'`: the route checks a password (logging in, changing one's password), so it shares
     * the login throttle: per client address and per user name.
     */
    rateLimitKey?: 'login';
  }
}

/** Too many attempts: answered 429 with `Retry-After`. */
export class Throttled extends ArgusError<429> {
  readonly status = 429;
}

export interface LoginThrottleOptions {
  /** Attempts allowed per client address, and per user name, in one window. */
  max: number;
  windowSeconds: number;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** The account a password attempt is about: the login name, or the person whose password changes. */
function accountOf(request: FastifyRequest): string {
  const body = request.body as { username?: unknown } | undefined;
  const params = request.params as { username?: unknown } | undefined;
  const name = typeof body?.username === 'string' ? body.username : params?.username;
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

function refuseWhenExceeded(limit: Limiter, what: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const state = await limit(request);
    if (state.isAllowed || !state.isExceeded) return;
    const seconds = Math.max(1, state.ttlInSeconds);
    reply.header('retry-after', String(seconds));
    request.log.warn({ throttled: what }, 'login throttled');
    throw new Throttled(
      AuthErrors.throttled,
      `too many attempts ${what}; try again in ${seconds} s`,
    );
  };
}

function append<T>(hooks: T | T[] | undefined, hook: T): T[] {
  return [...(hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]), hook];
}

/**
 * Throttles password guessing on every route marked `config: { rateLimitKey: 'login' }`: at most
 * `max` attempts per window from one client address (IPv6 by /64), and at most `max` attempts
 * at one user name from anywhere. The address is counted before the body is read; the name once
 * it is parsed. Other routes are not rate-limited. Counters live in this process.
 */
export async function installLoginThrottle(
  app: FastifyInstance,
  options: LoginThrottleOptions,
): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
  const limits = { max: options.max, timeWindow: options.windowSeconds * 1000 };
  const byAddress = app.createRateLimit({
    ...limits,
    keyGenerator: (request) => `address:${normalizeIP(request.ip)}`,
  });
  const byName = app.createRateLimit({
    ...limits,
    keyGenerator: (request) => `name:${accountOf(request)}`,
  });
  const checkAddress = refuseWhenExceeded(byAddress, 'from this address');
  const checkName = refuseWhenExceeded(byName, 'for this user name');
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.rateLimitKey !== 'login') return;
    route.onRequest = append(route.onRequest, checkAddress as onRequestHookHandler);
    route.preHandler = append(route.preHandler, checkName as preHandlerHookHandler);
  });
}

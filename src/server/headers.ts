import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

type Policy = Record<string, string[]>;

/**
 * The Content-Security-Policy of every answer, the web app's included. Scripts come only from
 * Argus itself (Vite emits no inline script; elk's layout worker is a file of the app). Styles
 * may be inline: Mantine writes its theme's CSS variables into `<style>` elements at run time,
 * and inline styles cannot run code. Nothing may frame Argus (but see allowFramingByArgus).
 */
export const CONTENT_SECURITY_POLICY: Readonly<Policy> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const FRAMABLE_BY_ARGUS = Object.entries({
  ...CONTENT_SECURITY_POLICY,
  'frame-ancestors': ["'self'"],
})
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join(';');

/**
 * The one page Argus itself may frame: the API reference (/api/docs), which the API page of
 * the web app embeds to render an API's definition. Same policy, but `frame-ancestors 'self'`
 * and `X-Frame-Options: SAMEORIGIN`: Argus may frame it, no other site can.
 */
export function allowFramingByArgus(reply: FastifyReply): void {
  reply.header('content-security-policy', FRAMABLE_BY_ARGUS);
  reply.header('x-frame-options', 'SAMEORIGIN');
}

export interface SecurityHeaderOptions {
  /** Argus is served over HTTPS (`secure_cookies`): send Strict-Transport-Security. */
  https: boolean;
}

/**
 * Security headers on every answer (@fastify/helmet): the CSP above, `X-Content-Type-Options:
 * nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, cross-origin isolation of
 * resources and windows; HSTS only when Argus is served over HTTPS. And `Cache-Control: no-store`
 * on every answer that does not set its own caching: API answers carry personal data and
 * tokens; only the web app's static files (which say `public, max-age=0`) may be cached.
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeaderOptions,
): Promise<void> {
  await app.register(fastifyHelmet, {
    // Not helmet's defaults: their `upgrade-insecure-requests` breaks Argus served over plain HTTP.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: options.https ? { maxAge: 15_552_000 } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}

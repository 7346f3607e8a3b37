import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../platform/bus.js';

const HEARTBEAT_MS = 25_000;

/**
 * Writes one event and sends it now. Node's http corks the socket on a write and uncorks it on
 * the next tick; an import on the embedded engine runs as one long chain of promises, in which
 * that tick does not come, so its progress would arrive all at once when it ends.
 */
function send(res: ServerResponse, text: string): void {
  res.write(text);
  res.socket?.uncork();
}

/**
 * Server-sent events: `change` for every committed change, so an open page refreshes what it
 * shows, and `progress` for the subscriber's own long tasks (an import they started).
 */
export function eventRoutes(app: FastifyInstance, bus: EventBus): void {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves; end them so the server can close.
  app.addHook('onClose', async () => {
    for (const res of open) res.end();
  });
  app.get(
    '/api/events',
    { schema: { tags: ['events'], summary: 'Change events (text/event-stream)' } },
    (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      // The security headers (CSP, nosniff, ...) were set on `res` already; these join them.
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        // Events name people and changes: never stored by a cache, never replayed from one.
        'cache-control': 'no-cache, no-store',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      res.write(': connected\n\n');
      open.add(res);
      const actorId = request.ctx.actor?.id;
      const unsubscribeChanges = bus.subscribe((event) => {
        send(res, `event: change\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const unsubscribeProgress = bus.subscribeProgress(({ actorId: owner, ...event }) => {
        if (owner === actorId) send(res, `event: progress\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribeChanges();
        unsubscribeProgress();
        open.delete(res);
      });
    },
  );
}

import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../../platform/bus.js';

const HEARTBEAT_MS = 25_000;

/** Server-sent events of every change, so an open page refreshes what it shows. */
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
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      res.write(': connected\n\n');
      open.add(res);
      const unsubscribe = bus.subscribe((event) => {
        res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    },
  );
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GuardCheckRequest, GuardVerdict } from './contract.js';
import type { CommandGuard } from './service.js';

/** POST /deploy/guard/check: any logged-in user may try a command; a refusal is an answer (200). */
export const guardRoutes: FastifyPluginAsyncZod<{ guard: CommandGuard }> = async (
  app,
  { guard },
) => {
  app.post(
    '/deploy/guard/check',
    {
      schema: {
        tags: ['deploy'],
        summary:
          'Whether the command guard allows a shell command, and if not which part and rule refuse it',
        body: GuardCheckRequest,
        response: { 200: GuardVerdict },
      },
    },
    async (request) => guard.check(request.body.command, request.body.space),
  );
};

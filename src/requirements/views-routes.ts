import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DashboardQuery,
  RequirementState,
  ReviewQueue,
  ReviewQueueQuery,
  ScorecardQuery,
  SetDashboard,
  TeamScorecard,
  VersionRequirements,
} from './contract.js';
import type { RequirementViews } from './views.js';

const tags = { tags: ['requirements'] };
const Version = z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
});

/**
 * Read views of requirements and sign-off (views.ts): what everyone authenticated reads. The
 * writes are routes.ts's.
 */
export const requirementViewRoutes: FastifyPluginAsyncZod<{ views: RequirementViews }> = async (
  app,
  { views },
) => {
  app.get(
    '/components/:namespace/:name/versions/:version/requirements',
    {
      schema: {
        ...tags,
        summary:
          "A version's requirements: applicable sets in order, each requirement's owner and reviewer status, overall and effective status, exemption and set exclusion; the level reached, the scores and what you may do",
        params: Version,
        response: { 200: VersionRequirements },
      },
    },
    async (request) => views.versionStatus(request.ctx, request.params),
  );
  app.get(
    '/components/:namespace/:name/versions/:version/requirements/:requirement',
    {
      schema: {
        ...tags,
        summary:
          'One requirement on one version: who set each side and when, with notes (the dashboard popover)',
        params: Version.extend({
          requirement: z.string().min(1).describe('id or title (URL-encoded)'),
        }),
        response: { 200: RequirementState },
      },
    },
    async (request) =>
      views.requirementState(request.ctx, request.params, request.params.requirement),
  );
  app.get(
    '/requirement-sets/:set/dashboard',
    {
      schema: {
        ...tags,
        summary:
          "A set's dashboard: components (rows) by requirements (columns), overall status per cell; DSL filter, per-column status filters, cursor pages",
        params: z.object({ set: z.string().min(1).describe('id or name') }),
        querystring: DashboardQuery,
        response: { 200: SetDashboard },
      },
    },
    async (request) => views.dashboard(request.params.set, request.query),
  );
  app.get(
    '/teams/:team/scorecard',
    {
      schema: {
        ...tags,
        summary:
          "A team's scorecard: the components it or a team below it owns, each latest version's level, what it misses for the next level, and its scores",
        params: z.object({ team: z.string().min(1) }),
        querystring: ScorecardQuery,
        response: { 200: TeamScorecard },
      },
    },
    async (request) => views.scorecard(request.params.team, request.query),
  );
  app.get(
    '/review-queue',
    {
      schema: {
        ...tags,
        summary:
          'Your review queue: sign-offs waiting in the sets your teams review (oldest first), and exemption requests waiting for a decision',
        querystring: ReviewQueueQuery,
        response: { 200: ReviewQueue },
      },
    },
    async (request) => views.queue(request.ctx, request.query),
  );
};

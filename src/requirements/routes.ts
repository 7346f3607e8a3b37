import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ExclusionInput,
  Exemption,
  ExemptionDecision,
  ExemptionRequest,
  LevelCreate,
  LevelOrder,
  LevelPatch,
  OwnerStatusInput,
  Requirement,
  RequirementCreate,
  RequirementLevel,
  RequirementPatch,
  RequirementSet,
  RequirementState,
  RequirementsQuery,
  ReviewerStatusInput,
  SetCreate,
  SetExclusion,
  SetOrder,
  SetPatch,
} from './contract.js';
import type { ExemptionStep } from './exemptions.js';
import type { RequirementsService } from './service.js';

const tags = { tags: ['requirements'] };
const Key = z.string().min(1).max(500);
const LevelParams = z.object({ level: Key.describe('the level, by id or name') });
const SetParams = z.object({ set: Key.describe('the set, by id or name') });
const RequirementParams = z.object({
  requirement: Key.describe('the requirement, by id or title'),
});
const ComponentParams = z.object({ namespace: z.string().min(1), name: z.string().min(1) });
const VersionParams = ComponentParams.extend({ version: z.string().min(1) });
const StatusParams = VersionParams.extend(RequirementParams.shape);
const ExclusionParams = VersionParams.extend(SetParams.shape);
const ExemptionParams = z.object({
  exemption: z.string().min(1).max(100).describe("the exemption's id"),
});

const V = '/components/:namespace/:name/versions/:version';

const EXEMPTION_STEPS: Record<ExemptionStep, string> = {
  approve: 'Approve a requested exemption (a reviewer of the requirement, or an admin)',
  deny: 'Deny a requested exemption (a reviewer of the requirement, or an admin)',
  revoke: 'Revoke an approved exemption in force (a reviewer of the requirement, or an admin)',
};

/**
 * HTTP routes of requirements (PRODUCT 2): the admin lists (levels, sets, requirements), the two
 * sides of a requirement's status on a version, set exclusions and exemptions. Rights live in the
 * service; the read views (status page, dashboard, scorecard, queue) are in views-routes.ts.
 */
export const requirementRoutes: FastifyPluginAsyncZod<{
  requirements: RequirementsService;
}> = async (app, { requirements }) => {
  app.get(
    '/requirement-levels',
    {
      schema: {
        ...tags,
        summary: 'The ladder of levels, lowest first',
        response: { 200: z.array(RequirementLevel) },
      },
    },
    async () => requirements.listLevels(),
  );
  app.post(
    '/requirement-levels',
    {
      schema: {
        ...tags,
        summary: 'Add a level to the ladder (admins)',
        body: LevelCreate,
        response: { 201: RequirementLevel },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requirements.createLevel(request.ctx, request.body)),
  );
  app.put(
    '/requirement-levels/order',
    {
      schema: {
        ...tags,
        summary: 'Reorder the whole ladder, lowest first (admins)',
        body: LevelOrder,
        response: { 200: z.array(RequirementLevel) },
      },
    },
    async (request) => requirements.orderLevels(request.ctx, request.body.levels),
  );
  app.patch(
    '/requirement-levels/:level',
    {
      schema: {
        ...tags,
        summary: 'Rename, describe, recolour or move a level (admins)',
        params: LevelParams,
        body: LevelPatch,
        response: { 200: RequirementLevel },
      },
    },
    async (request) => requirements.updateLevel(request.ctx, request.params.level, request.body),
  );
  app.delete(
    '/requirement-levels/:level',
    {
      schema: {
        ...tags,
        summary: 'Delete a level no requirement uses (admins; 409 says how many use it)',
        params: LevelParams,
      },
    },
    async (request, reply) => {
      await requirements.deleteLevel(request.ctx, request.params.level);
      return reply.status(204).send();
    },
  );

  app.get(
    '/requirement-sets',
    {
      schema: {
        ...tags,
        summary: 'Requirement sets in display order, with reviewer teams and requirements',
        response: { 200: z.array(RequirementSet) },
      },
    },
    async () => requirements.listSets(),
  );
  app.post(
    '/requirement-sets',
    {
      schema: {
        ...tags,
        summary: 'Define a requirement set (admins)',
        body: SetCreate,
        response: { 201: RequirementSet },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requirements.createSet(request.ctx, request.body)),
  );
  app.put(
    '/requirement-sets/order',
    {
      schema: {
        ...tags,
        summary: 'Reorder every set (admins)',
        body: SetOrder,
        response: { 200: z.array(RequirementSet) },
      },
    },
    async (request) => requirements.orderSets(request.ctx, request.body.sets),
  );
  app.get(
    '/requirement-sets/:set',
    {
      schema: {
        ...tags,
        summary: 'A requirement set',
        params: SetParams,
        response: { 200: RequirementSet },
      },
    },
    async (request) => requirements.getSet(request.params.set),
  );
  app.patch(
    '/requirement-sets/:set',
    {
      schema: {
        ...tags,
        summary: 'Change a requirement set (admins)',
        params: SetParams,
        body: SetPatch,
        response: { 200: RequirementSet },
      },
    },
    async (request) => requirements.updateSet(request.ctx, request.params.set, request.body),
  );
  app.delete(
    '/requirement-sets/:set',
    {
      schema: {
        ...tags,
        summary: 'Delete a requirement set (admins; 409 while it is the only set of a requirement)',
        params: SetParams,
      },
    },
    async (request, reply) => {
      await requirements.deleteSet(request.ctx, request.params.set);
      return reply.status(204).send();
    },
  );

  app.get(
    '/requirements',
    {
      schema: {
        ...tags,
        summary: "Requirements by title, or one set's in its order",
        querystring: RequirementsQuery,
        response: { 200: z.array(Requirement) },
      },
    },
    async (request) => requirements.listRequirements(request.query),
  );
  app.post(
    '/requirements',
    {
      schema: {
        ...tags,
        summary: 'Define a requirement in one or more sets (admins)',
        body: RequirementCreate,
        response: { 201: Requirement },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requirements.createRequirement(request.ctx, request.body)),
  );
  app.get(
    '/requirements/:requirement',
    {
      schema: {
        ...tags,
        summary: 'A requirement',
        params: RequirementParams,
        response: { 200: Requirement },
      },
    },
    async (request) => requirements.getRequirement(request.params.requirement),
  );
  app.patch(
    '/requirements/:requirement',
    {
      schema: {
        ...tags,
        summary: 'Change a requirement (admins)',
        params: RequirementParams,
        body: RequirementPatch,
        response: { 200: Requirement },
      },
    },
    async (request) =>
      requirements.updateRequirement(request.ctx, request.params.requirement, request.body),
  );
  app.delete(
    '/requirements/:requirement',
    {
      schema: {
        ...tags,
        summary: 'Delete a requirement with its statuses and exemptions (admins)',
        params: RequirementParams,
      },
    },
    async (request, reply) => {
      await requirements.deleteRequirement(request.ctx, request.params.requirement);
      return reply.status(204).send();
    },
  );

  app.put(
    `${V}/requirements/:requirement/owner`,
    {
      schema: {
        ...tags,
        summary:
          "Set the owner's readiness (the owner side); a sign-off already given resets to unknown when readiness changes",
        params: StatusParams,
        body: OwnerStatusInput,
        response: { 200: RequirementState },
      },
    },
    async (request) => {
      const { requirement, ...key } = request.params;
      return requirements.setOwnerStatus(request.ctx, key, requirement, request.body);
    },
  );
  app.put(
    `${V}/requirements/:requirement/review`,
    {
      schema: {
        ...tags,
        summary: 'Sign off: approve or reject (members of a reviewer team of a set holding it)',
        params: StatusParams,
        body: ReviewerStatusInput,
        response: { 200: RequirementState },
      },
    },
    async (request) => {
      const { requirement, ...key } = request.params;
      return requirements.setReviewerStatus(request.ctx, key, requirement, request.body);
    },
  );
  app.put(
    `${V}/requirement-sets/:set/exclusion`,
    {
      schema: {
        ...tags,
        summary: 'Mark a whole set not applicable for the version, with a reason (the owner side)',
        params: ExclusionParams,
        body: ExclusionInput,
        response: { 200: SetExclusion },
      },
    },
    async (request) => {
      const { set, ...key } = request.params;
      return requirements.excludeSet(request.ctx, key, set, request.body);
    },
  );
  app.delete(
    `${V}/requirement-sets/:set/exclusion`,
    {
      schema: {
        ...tags,
        summary: 'Undo a set marked not applicable (the owner side)',
        params: ExclusionParams,
      },
    },
    async (request, reply) => {
      const { set, ...key } = request.params;
      await requirements.includeSet(request.ctx, key, set);
      return reply.status(204).send();
    },
  );

  app.get(
    '/components/:namespace/:name/exemptions',
    {
      schema: {
        ...tags,
        summary: "A component's exemptions, newest first",
        params: ComponentParams,
        response: { 200: z.array(Exemption) },
      },
    },
    async (request) => requirements.listExemptions(request.ctx.actor, request.params),
  );
  app.post(
    '/components/:namespace/:name/exemptions',
    {
      schema: {
        ...tags,
        summary: 'Request a time-limited exemption from one requirement (the owner side)',
        params: ComponentParams,
        body: ExemptionRequest,
        response: { 201: Exemption },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await requirements.requestExemption(request.ctx, request.params, request.body)),
  );
  app.get(
    '/exemptions/:exemption',
    {
      schema: {
        ...tags,
        summary: 'An exemption',
        params: ExemptionParams,
        response: { 200: Exemption },
      },
    },
    async (request) => requirements.getExemption(request.ctx.actor, request.params.exemption),
  );
  for (const [step, summary] of Object.entries(EXEMPTION_STEPS) as [ExemptionStep, string][]) {
    app.post(
      `/exemptions/:exemption/${step}`,
      {
        schema: {
          ...tags,
          summary,
          params: ExemptionParams,
          body: ExemptionDecision,
          response: { 200: Exemption },
        },
      },
      async (request) =>
        requirements.decideExemption(request.ctx, request.params.exemption, step, request.body),
    );
  }
};

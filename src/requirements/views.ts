/**
 * The read side of requirements (PRODUCT 2), computed on read from current data: a version's
 * status, a set's dashboard, a team's scorecard and a reviewer's queue. Everyone authenticated
 * reads them; the `may` flags in them say what the asking person may change. The clock is
 * injected so exemption expiry is tested at fixed instants.
 */
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { currentGeneration } from '../platform/generation.js';
import { GenerationCache } from '../platform/read-cache.js';
import type { DashboardQuery, ReviewQueue } from './contract.js';
import { setDashboard } from './dashboard.js';
import { supersededVersionIds } from './latest.js';
import { loadRequirementModel, type RequirementModel } from './model.js';
import { queueCursor, reviewQueue } from './queue.js';
import { teamScorecard } from './scorecard.js';
import { requirementState, type VersionKey, versionRequirements } from './status-view.js';

export class RequirementViews {
  /** The sets, requirements and ladder, read once per data generation (every write moves it). */
  private readonly models = new GenerationCache<RequirementModel>(1);
  /** The versions that are not their component's latest (see latest.ts), as long. */
  private readonly superseded = new GenerationCache<readonly string[]>(1);

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async model(): Promise<RequirementModel> {
    const generation = await currentGeneration(this.db);
    const cached = this.models.get(generation, 'model');
    if (cached) return cached;
    const model = await loadRequirementModel(this.db);
    this.models.set(generation, 'model', model);
    return model;
  }

  private async supersededVersions(): Promise<readonly string[]> {
    const generation = await currentGeneration(this.db);
    const cached = this.superseded.get(generation, 'superseded');
    if (cached) return cached;
    const ids = await supersededVersionIds(this.db);
    this.superseded.set(generation, 'superseded', ids);
    return ids;
  }

  async versionStatus(ctx: RequestContext, key: VersionKey) {
    return versionRequirements(this.db, key, ctx.actor, this.now(), await this.model());
  }

  async requirementState(ctx: RequestContext, key: VersionKey, requirement: string) {
    return requirementState(this.db, key, requirement, ctx.actor, this.now(), await this.model());
  }

  async dashboard(set: string, query: DashboardQuery) {
    // Only column filters on the latest versions need the superseded ones.
    const superseded =
      query.where && query.version === undefined ? await this.supersededVersions() : undefined;
    return setDashboard(this.db, set, query, this.now(), await this.model(), superseded);
  }

  async scorecard(team: string, query: { cursor?: string; limit: number }) {
    return teamScorecard(this.db, team, query, this.now(), await this.model());
  }

  /** The caller's queue: anonymous readers of a public-read instance review nothing. */
  async queue(
    ctx: RequestContext,
    query: { set?: string; cursor?: string; limit: number },
  ): Promise<ReviewQueue> {
    if (!ctx.actor) {
      queueCursor(query.cursor);
      return { approvals: [], total: 0, nextCursor: null, exemptions: [] };
    }
    return reviewQueue(this.db, ctx.actor, query, this.now(), await this.model());
  }
}

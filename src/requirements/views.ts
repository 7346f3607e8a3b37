/**
 * The read side of requirements (PRODUCT 2), computed on read from current data: a version's
 * status, a set's dashboard, a team's scorecard and a reviewer's queue. Everyone authenticated
 * reads them; the `may` flags in them say what the asking person may change. The clock is
 * injected so exemption expiry is tested at fixed instants.
 */
import { requireActor } from '../catalog/rights.js';
import type { RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import type { DashboardQuery } from './contract.js';
import { setDashboard } from './dashboard.js';
import { reviewQueue } from './queue.js';
import { teamScorecard } from './scorecard.js';
import { requirementState, type VersionKey, versionRequirements } from './status-view.js';

export class RequirementViews {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  versionStatus(ctx: RequestContext, key: VersionKey) {
    return versionRequirements(this.db, key, ctx.actor, this.now());
  }

  requirementState(ctx: RequestContext, key: VersionKey, requirement: string) {
    return requirementState(this.db, key, requirement, ctx.actor, this.now());
  }

  dashboard(set: string, query: DashboardQuery) {
    return setDashboard(this.db, set, query, this.now());
  }

  scorecard(team: string, query: { cursor?: string; limit: number }) {
    return teamScorecard(this.db, team, query, this.now());
  }

  /** The caller's queue: anonymous readers of a public instance have none. */
  queue(ctx: RequestContext, query: { set?: string; cursor?: string; limit: number }) {
    return reviewQueue(this.db, requireActor(ctx), query, this.now());
  }
}

import type { InventoryService } from '../../inventory/service.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { effectiveConfig } from '../config/service.js';
import type { ActionDryRun } from '../contract.js';
import type { CommandGuard } from '../guard/service.js';
import type { ActionPlan } from '../plan.js';
import { requireEnvironment, requireSpace, requireSpaceComponent } from '../spaces/lookup.js';
import { requireSpaceRole } from '../spaces/rights.js';
import { buildPlan } from './plan-builder.js';

export interface ActionDeps {
  inventory: Pick<InventoryService, 'selectResources'>;
  guard: CommandGuard;
}

/**
 * Actions of a space, the API layer over the runner's tables. Today: the dry run, which plans an
 * action exactly as a request would (effective configuration, targets, guard) and writes nothing.
 */
export class ActionService {
  constructor(
    private readonly db: Db,
    private readonly deps: ActionDeps,
  ) {}

  async dryRun(ctx: RequestContext, spaceName: string, input: ActionDryRun): Promise<ActionPlan> {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, 'operator');
    const component = await requireSpaceComponent(this.db, space, input.component, 'component');
    const environment = await requireEnvironment(this.db, space, input.environment, 'environment');
    const { config } = await effectiveConfig(this.db, component, environment);
    return buildPlan(
      config,
      {
        space: space.name,
        action: input.action,
        ...(input.version ? { version: input.version } : {}),
        ...(input.hosts ? { hosts: input.hosts } : {}),
      },
      this.deps,
    );
  }
}

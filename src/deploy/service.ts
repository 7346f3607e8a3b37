import type { EventBus } from '../platform/bus.js';
import type { Db } from '../platform/db.js';
import { type ActionDeps, ActionService } from './actions/service.js';
import { ComponentConfigService } from './config/service.js';
import { EnvironmentService } from './environments/service.js';
import type { DeployRoutesOptions } from './routes.js';
import { SpaceService } from './spaces/service.js';

/** The deploy services the routes use, built once by the composition root (server/app.ts). */
export function deployServices(db: Db, bus: EventBus, deps: ActionDeps): DeployRoutesOptions {
  return {
    spaces: new SpaceService(db, bus),
    environments: new EnvironmentService(db, bus),
    configs: new ComponentConfigService(db, bus),
    actions: new ActionService(db, deps),
  };
}

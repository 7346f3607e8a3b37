import { and, eq, isNull } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { NotFound } from '../../platform/errors.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import type { ComponentConfig, EffectiveConfig } from '../contract.js';
import { componentDeployConfigs, environments } from '../schema.js';
import { DeployErrors } from '../spaces/errors.js';
import {
  type EnvironmentRow,
  requireEnvironment,
  requireSpace,
  requireSpaceComponent,
  type SpaceComponent,
  type SpaceRow,
} from '../spaces/lookup.js';
import { requireSpaceRole } from '../spaces/rights.js';
import { parseConfigDocument } from './document.js';
import { type ConfigLayer, mergeLayers } from './merge.js';

type ConfigRow = typeof componentDeployConfigs.$inferSelect;

const whereOf = (componentId: string, environmentId: string | null) =>
  and(
    eq(componentDeployConfigs.componentId, componentId),
    environmentId === null
      ? isNull(componentDeployConfigs.environmentId)
      : eq(componentDeployConfigs.environmentId, environmentId),
  );

/**
 * The effective configuration of a component in an environment, with the layer each leaf came
 * from (PRODUCT 8). The request of an action plans from exactly this.
 */
export async function effectiveConfig(
  db: Db,
  component: SpaceComponent,
  environment: EnvironmentRow,
): Promise<EffectiveConfig> {
  const rows = await db
    .select()
    .from(componentDeployConfigs)
    .where(eq(componentDeployConfigs.componentId, component.id));
  const all = rows.find((r) => r.environmentId === null);
  const own = rows.find((r) => r.environmentId === environment.id);
  const layers: ConfigLayer[] = [
    { source: `environment ${environment.name}`, document: environment.config },
    ...(all
      ? [{ source: `component ${component.name} (all environments)`, document: all.config }]
      : []),
    ...(own
      ? [{ source: `component ${component.name} (${environment.name})`, document: own.config }]
      : []),
  ];
  const { config, sources } = mergeLayers(layers);
  return {
    component: component.ref,
    environment: environment.name,
    layers: layers.map((l) => l.source),
    config,
    sources,
  };
}

/**
 * Component deploy configurations, for all environments of the space or for one: members read
 * them, space admins write them. A write that would clash with another layer is refused, so an
 * effective configuration can always be computed.
 */
export class ComponentConfigService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  private async scope(
    ctx: RequestContext,
    spaceName: string,
    componentText: string,
    role: 'viewer' | 'admin',
  ) {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, role);
    const component = await requireSpaceComponent(this.db, space, componentText);
    return { space, component };
  }

  private present(
    component: SpaceComponent,
    environment: string | null,
    row: ConfigRow,
  ): ComponentConfig {
    return {
      component: component.ref,
      environment,
      config: row.configSource,
      parsed: row.config,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async get(
    ctx: RequestContext,
    spaceName: string,
    componentText: string,
    environmentName?: string,
  ): Promise<ComponentConfig> {
    const { space, component } = await this.scope(ctx, spaceName, componentText, 'viewer');
    const environment = environmentName
      ? await requireEnvironment(this.db, space, environmentName, 'environment')
      : null;
    const [row] = await this.db
      .select()
      .from(componentDeployConfigs)
      .where(whereOf(component.id, environment?.id ?? null));
    if (!row)
      throw new NotFound(
        DeployErrors.notFound,
        `${component.ref} has no deploy configuration for ${environment ? `environment "${environment.name}"` : 'all environments'}`,
      );
    return this.present(component, environment?.name ?? null, row);
  }

  async put(
    ctx: RequestContext,
    spaceName: string,
    componentText: string,
    environmentName: string | undefined,
    source: string,
  ): Promise<{ created: boolean; config: ComponentConfig }> {
    const { space, component } = await this.scope(ctx, spaceName, componentText, 'admin');
    const environment = environmentName
      ? await requireEnvironment(this.db, space, environmentName, 'environment')
      : null;
    const document = parseConfigDocument(source);
    return inTransaction(this.db, this.bus, ctx, async (work) => {
      const [before] = await work.tx
        .select()
        .from(componentDeployConfigs)
        .where(whereOf(component.id, environment?.id ?? null))
        .for('update');
      const [row] = before
        ? await work.tx
            .update(componentDeployConfigs)
            .set({ configSource: source, config: document, updatedAt: new Date() })
            .where(eq(componentDeployConfigs.id, before.id))
            .returning()
        : await work.tx
            .insert(componentDeployConfigs)
            .values({
              componentId: component.id,
              environmentId: environment?.id ?? null,
              configSource: source,
              config: document,
            })
            .returning();
      await refuseClashes(work.tx, space, component, environment);
      const ref = `${component.ref}@${space.name}/${environment?.name ?? '*'}`;
      await recordChange(work.tx, ctx, {
        entityType: 'deploy_config',
        entityId: row!.id,
        entityRef: ref,
        action: before ? 'update' : 'create',
        ...(before ? { before: { configSource: before.configSource } } : {}),
        after: { configSource: source },
      });
      work.emit('deploy_config', ref, before ? 'update' : 'create');
      return { created: !before, config: this.present(component, environment?.name ?? null, row!) };
    });
  }

  async delete(
    ctx: RequestContext,
    spaceName: string,
    componentText: string,
    environmentName?: string,
  ): Promise<void> {
    const { space, component } = await this.scope(ctx, spaceName, componentText, 'admin');
    const environment = environmentName
      ? await requireEnvironment(this.db, space, environmentName, 'environment')
      : null;
    await inTransaction(this.db, this.bus, ctx, async (work) => {
      const [row] = await work.tx
        .delete(componentDeployConfigs)
        .where(whereOf(component.id, environment?.id ?? null))
        .returning();
      if (!row)
        throw new NotFound(
          DeployErrors.notFound,
          `${component.ref} has no such deploy configuration`,
        );
      const ref = `${component.ref}@${space.name}/${environment?.name ?? '*'}`;
      await recordChange(work.tx, ctx, {
        entityType: 'deploy_config',
        entityId: row.id,
        entityRef: ref,
        action: 'delete',
        before: { configSource: row.configSource },
      });
      work.emit('deploy_config', ref, 'delete');
    });
  }

  async effective(
    ctx: RequestContext,
    spaceName: string,
    environmentName: string,
    componentText: string,
  ): Promise<EffectiveConfig> {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, 'viewer');
    const environment = await requireEnvironment(this.db, space, environmentName);
    const component = await requireSpaceComponent(this.db, space, componentText, 'component');
    return effectiveConfig(this.db, component, environment);
  }
}

/**
 * Merges the written configuration with every environment it applies to, so a clash is refused
 * when it is written (400 naming the path and both layers), not discovered at deploy time.
 */
async function refuseClashes(
  db: Db,
  space: SpaceRow,
  component: SpaceComponent,
  environment: EnvironmentRow | null,
): Promise<void> {
  const targets = environment
    ? [environment]
    : await db.select().from(environments).where(eq(environments.spaceId, space.id));
  for (const target of targets) await effectiveConfig(db, component, target);
}

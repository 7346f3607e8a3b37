import { asc, eq } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { parseConfigDocument } from '../config/document.js';
import type { Environment, EnvironmentInput } from '../contract.js';
import { environments } from '../schema.js';
import {
  type EnvironmentRow,
  findEnvironment,
  requireEnvironment,
  requireSpace,
} from '../spaces/lookup.js';
import { requireSpaceRole } from '../spaces/rights.js';

const FIELDS = ['title', 'production', 'configSource'] as const;

export function presentEnvironment(row: EnvironmentRow): Environment {
  return {
    name: row.name,
    title: row.title,
    production: row.production,
    config: row.configSource,
    parsed: row.config,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Environments of a space: members read them, space admins create, change and delete them. */
export class EnvironmentService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  async list(
    ctx: RequestContext,
    spaceName: string,
  ): Promise<{ items: Environment[]; total: number }> {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, 'viewer');
    const rows = await this.db
      .select()
      .from(environments)
      .where(eq(environments.spaceId, space.id))
      .orderBy(asc(environments.name));
    return { items: rows.map(presentEnvironment), total: rows.length };
  }

  async get(ctx: RequestContext, spaceName: string, name: string): Promise<Environment> {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, 'viewer');
    return presentEnvironment(await requireEnvironment(this.db, space, name));
  }

  /** Creates the environment or changes the fields given; answers whether it was created. */
  async put(
    ctx: RequestContext,
    spaceName: string,
    name: string,
    input: EnvironmentInput,
  ): Promise<{ created: boolean; environment: Environment }> {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, 'admin');
    const parsed = input.config === undefined ? undefined : parseConfigDocument(input.config);
    return inTransaction(this.db, this.bus, ctx, async (work) => {
      const before = await findEnvironment(work.tx, space.id, name, 'update');
      const values = {
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.production === undefined ? {} : { production: input.production }),
        ...(parsed === undefined ? {} : { configSource: input.config!, config: parsed }),
      };
      const [row] = before
        ? await work.tx
            .update(environments)
            .set({ ...values, updatedAt: new Date() })
            .where(eq(environments.id, before.id))
            .returning()
        : await work.tx
            .insert(environments)
            .values({ spaceId: space.id, name, ...values })
            .returning();
      const ref = `environment:${space.name}/${row!.name}`;
      await recordChange(work.tx, ctx, {
        entityType: 'environment',
        entityId: row!.id,
        entityRef: ref,
        action: before ? 'update' : 'create',
        ...(before ? { before: Object.fromEntries(FIELDS.map((f) => [f, before[f]])) } : {}),
        after: Object.fromEntries(FIELDS.map((f) => [f, row![f]])),
      });
      work.emit('environment', ref, before ? 'update' : 'create');
      return { created: !before, environment: presentEnvironment(row!) };
    });
  }

  async delete(ctx: RequestContext, spaceName: string, name: string): Promise<void> {
    const space = await requireSpace(this.db, spaceName);
    await requireSpaceRole(this.db, ctx, space, 'admin');
    await inTransaction(this.db, this.bus, ctx, async (work) => {
      const row = await requireEnvironment(work.tx, space, name);
      await work.tx.delete(environments).where(eq(environments.id, row.id));
      const ref = `environment:${space.name}/${row.name}`;
      await recordChange(work.tx, ctx, {
        entityType: 'environment',
        entityId: row.id,
        entityRef: ref,
        action: 'delete',
        before: Object.fromEntries(FIELDS.map((f) => [f, row[f]])),
      });
      work.emit('environment', ref, 'delete');
    });
  }
}

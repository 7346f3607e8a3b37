import { and, eq, gt } from 'drizzle-orm';
import { requireComponent } from '../catalog/components.js';
import { isOwnerMember, requireActor } from '../catalog/rights.js';
import { recordChange } from '../platform/audit/service.js';
import type { EventBus } from '../platform/bus.js';
import { type RequestContext, systemContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { Forbidden, Invalid, NotFound } from '../platform/errors.js';
import { inTransaction, type Work } from '../platform/unit-of-work.js';
import type {
  ComponentResources,
  DiscoveryOutcome,
  ImportReport,
  InventoryResource,
  PanoptesResourceInput,
  RecordProblem,
  ResourceCreate,
  ResourceDetail,
  ResourceListQuery,
  ResourcePage,
  ResourcePatch,
  Site,
  SiteInput,
  SitePatch,
} from './contract.js';
import { InventoryErrors } from './errors.js';
import {
  addLink,
  componentsOf,
  removeLink,
  requireComponentEditor,
  resourcesOf,
  setRule,
} from './links.js';
import { listResources, resourceCondition } from './list.js';
import {
  auditableResource,
  parseRecord,
  presentResource,
  type ResourceRecord,
  type ResourceRow,
  resourceRef,
  toPanoptes,
} from './records.js';
import { resourceEnrichments, resources } from './schema.js';
import * as sites from './sites.js';
import { storeRecords } from './store.js';
import { type SweepOutcome, sweepStale } from './ttl.js';

function requireAdmin(ctx: RequestContext, what: string): void {
  if (!requireActor(ctx).isAdmin)
    throw new Forbidden(InventoryErrors.forbidden, `only admins may ${what}`);
}

/** Checks every record; the good ones in order, and each bad one's problems by its index. */
function checkRecords(list: readonly unknown[]): {
  records: ResourceRecord[];
  problems: RecordProblem[];
} {
  const records: ResourceRecord[] = [];
  const problems: RecordProblem[] = [];
  list.forEach((raw, index) => {
    const parsed = parseRecord(raw, index);
    if (parsed.ok) records.push(parsed.record);
    else problems.push(...parsed.problems);
  });
  return { records, problems };
}

/**
 * The inventory (PRODUCT 5): sites, resources, their enrichments and their components. Readers
 * need a login (the routes see to it); admins write sites and resources; a component's owners
 * link resources to it. Every change is audited in its transaction and announced after commit.
 * Telemetry calls upsertDiscovered, selectResources, getResource, putEnrichment, enrichments
 * and sweepStale. `now` is the clock of sightings and enrichment expiry (tests pass their own).
 */
export class InventoryService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private write<T>(ctx: RequestContext, fn: (work: Work) => Promise<T>): Promise<T> {
    return inTransaction(this.db, this.bus, ctx, fn);
  }

  private admin<T>(ctx: RequestContext, what: string, fn: (work: Work) => Promise<T>) {
    requireAdmin(ctx, what);
    return this.write(ctx, fn);
  }

  // Sites

  listSites(): Promise<Site[]> {
    return sites.listSites(this.db);
  }
  /** A site's name and defaults, as a plugin run sees them; undefined when none has the name. */
  async siteDefaults(
    name: string,
  ): Promise<{ name: string; defaults: Record<string, unknown> } | undefined> {
    const row = await sites.findSite(this.db, name);
    return row && { name: row.name, defaults: row.defaults };
  }
  createSite(ctx: RequestContext, input: SiteInput): Promise<string> {
    return this.admin(ctx, 'add sites', (w) => sites.createSite(w, ctx, input));
  }
  updateSite(ctx: RequestContext, name: string, patch: SitePatch): Promise<void> {
    return this.admin(ctx, 'change sites', (w) => sites.updateSite(w, ctx, name, patch));
  }
  deleteSite(ctx: RequestContext, name: string): Promise<void> {
    return this.admin(ctx, 'delete sites', (w) => sites.deleteSite(w, ctx, name));
  }

  // Resources

  listResources(query: ResourceListQuery): Promise<ResourcePage> {
    return listResources(this.db, query);
  }

  /** Every resource a DSL filter selects (all without one), for the scheduler. */
  async selectResources(filter: string | undefined): Promise<InventoryResource[]> {
    const where = await resourceCondition(this.db, filter);
    const rows = await this.db.select().from(resources).where(where).orderBy(resources.id);
    return rows.map(presentResource);
  }

  async getResource(id: string): Promise<InventoryResource | undefined> {
    const row = await this.findRow(id);
    return row && presentResource(row);
  }

  async resourceDetail(ctx: RequestContext, id: string): Promise<ResourceDetail> {
    const row = await this.requireRow(id);
    const enrichmentRows = await this.db
      .select()
      .from(resourceEnrichments)
      .where(eq(resourceEnrichments.resourceId, id))
      .orderBy(resourceEnrichments.namespace);
    return {
      resource: presentResource(row),
      enrichments: Object.fromEntries(
        enrichmentRows.map((e) => [
          e.namespace,
          {
            plugin: e.plugin,
            data: e.data,
            collectedAt: e.collectedAt.toISOString(),
            expiresAt: e.expiresAt.toISOString(),
          },
        ]),
      ),
      components: await componentsOf(this.db, row),
      may: { edit: ctx.actor?.isAdmin === true },
    };
  }

  async createResource(ctx: RequestContext, input: ResourceCreate): Promise<string> {
    requireAdmin(ctx, 'add resources');
    const parsed = parseRecord(
      {
        ...input,
        resource_plugin: input.resource_plugin ?? 'api',
        resource_creation_timestamp:
          input.resource_creation_timestamp ?? this.now().getTime() / 1000,
      },
      0,
    );
    if (!parsed.ok) throw this.invalidRecord(parsed.problems);
    return this.admin(ctx, 'add resources', async (work) => {
      const [taken] = await work.tx
        .select({ id: resources.id })
        .from(resources)
        .where(
          and(
            eq(resources.resourceSite, parsed.record.resourceSite),
            eq(resources.resourceId, parsed.record.resourceId),
          ),
        );
      if (taken)
        throw Invalid.field(
          InventoryErrors.duplicate,
          'resource_id',
          `${resourceRef(parsed.record)} exists`,
        );
      await storeRecords(work, ctx, [parsed.record], this.now(), 'added by hand');
      const [row] = await work.tx
        .select({ id: resources.id })
        .from(resources)
        .where(
          and(
            eq(resources.resourceSite, parsed.record.resourceSite),
            eq(resources.resourceId, parsed.record.resourceId),
          ),
        );
      return row!.id;
    });
  }

  async updateResource(ctx: RequestContext, id: string, patch: ResourcePatch): Promise<void> {
    await this.admin(ctx, 'change resources', async (work) => {
      const [row] = await work.tx
        .select()
        .from(resources)
        .where(eq(resources.id, id))
        .for('update');
      if (!row) throw new NotFound(InventoryErrors.notFound, `no resource ${id}`);
      const next = {
        resourceClass: patch.resource_class ?? row.resourceClass,
        resourceSubclass: patch.resource_subclass ?? row.resourceSubclass,
        resourceType: patch.resource_type ?? row.resourceType,
        resourceEndpoint: patch.resource_endpoint ?? row.resourceEndpoint,
        resourceMetadata: patch.resource_metadata ?? row.resourceMetadata,
        ttlSeconds: patch.ttlSeconds ?? row.ttlSeconds,
      };
      if ('_resource_ttl' in next.resourceMetadata)
        throw Invalid.field(
          InventoryErrors.invalid,
          'resource_metadata._resource_ttl',
          'the TTL is its own field, ttlSeconds',
        );
      const recorded = await recordChange(work.tx, ctx, {
        entityType: 'resource',
        entityId: row.id,
        entityRef: resourceRef(row),
        action: 'update',
        before: auditableResource(row),
        after: auditableResource({ ...row, ...next }),
      });
      if (recorded === 0) return;
      await work.tx
        .update(resources)
        .set({ ...next, updatedAt: this.now() })
        .where(eq(resources.id, id));
      work.emit('resource', resourceRef(row), 'update');
    });
  }

  async deleteResource(ctx: RequestContext, id: string): Promise<void> {
    await this.admin(ctx, 'delete resources', async (work) => {
      const [row] = await work.tx.delete(resources).where(eq(resources.id, id)).returning();
      if (!row) throw new NotFound(InventoryErrors.notFound, `no resource ${id}`);
      await recordChange(work.tx, ctx, {
        entityType: 'resource',
        entityId: row.id,
        entityRef: resourceRef(row),
        action: 'delete',
        before: auditableResource(row),
      });
      work.emit('resource', resourceRef(row), 'delete');
    });
  }

  /**
   * Loads a Panoptes resource file: good records are stored (by site and id), bad ones reported
   * by index with the field and the reason; one bad record stops nothing else.
   */
  async importResources(ctx: RequestContext, list: readonly unknown[]): Promise<ImportReport> {
    requireAdmin(ctx, 'import resources');
    const { records, problems } = checkRecords(list);
    const counts = await this.write(ctx, (work) =>
      storeRecords(work, ctx, records, this.now(), 'imported from a Panoptes resource file'),
    );
    return { ...counts, problems };
  }

  /** The resources (those a filter selects, or all) as Panoptes' resource JSON. */
  async exportResources(filter: string | undefined): Promise<Record<string, unknown>[]> {
    const where = await resourceCondition(this.db, filter);
    const rows = await this.db
      .select()
      .from(resources)
      .where(where)
      .orderBy(resources.resourceSite, resources.resourceId);
    return rows.map(toPanoptes);
  }

  /**
   * What a discovery plugin found: stored like an import (refused records reported, the rest
   * stored), each marked seen now. `plugin` names the discoverer in the history.
   */
  async upsertDiscovered(
    ctx: RequestContext,
    plugin: string,
    found: PanoptesResourceInput[],
  ): Promise<DiscoveryOutcome> {
    const { records, problems } = checkRecords(found);
    const counts = await this.write(ctx, (work) =>
      storeRecords(work, ctx, records, this.now(), `discovered by plugin ${plugin}`),
    );
    return { ...counts, rejected: problems };
  }

  /** Marks stale and removes what was not seen in time (see ttl.ts); the runtime calls it. */
  sweepStale(now: Date = this.now()): Promise<SweepOutcome> {
    const ctx = systemContext(`inventory-ttl-${now.getTime().toString(36)}`);
    return this.write(ctx, (work) => sweepStale(work, ctx, now));
  }

  // Enrichments: a cache of slow-changing data, not audited.

  async putEnrichment(
    resourceId: string,
    namespace: string,
    plugin: string,
    data: Record<string, unknown>,
    ttlSeconds: number,
  ): Promise<void> {
    const collectedAt = this.now();
    const values = {
      plugin,
      data,
      collectedAt,
      expiresAt: new Date(collectedAt.getTime() + ttlSeconds * 1000),
    };
    await this.db
      .insert(resourceEnrichments)
      .values({ resourceId, namespace, ...values })
      .onConflictDoUpdate({
        target: [resourceEnrichments.resourceId, resourceEnrichments.namespace],
        set: values,
      });
  }

  /** The resource's enrichments that have not expired, by namespace. */
  async enrichments(resourceId: string): Promise<Record<string, Record<string, unknown>>> {
    const rows = await this.db
      .select({ namespace: resourceEnrichments.namespace, data: resourceEnrichments.data })
      .from(resourceEnrichments)
      .where(
        and(
          eq(resourceEnrichments.resourceId, resourceId),
          gt(resourceEnrichments.expiresAt, this.now()),
        ),
      );
    return Object.fromEntries(rows.map((r) => [r.namespace, r.data]));
  }

  // Components

  async linkComponent(ctx: RequestContext, resourceId: string, componentRef: string) {
    const resource = await this.requireRow(resourceId);
    const component = await requireComponent(this.db, componentRef, 'component');
    await requireComponentEditor(this.db, ctx, component);
    await this.write(ctx, (work) => addLink(work, ctx, resource, component));
  }

  async unlinkComponent(ctx: RequestContext, resourceId: string, componentRef: string) {
    const resource = await this.requireRow(resourceId);
    const component = await requireComponent(this.db, componentRef);
    await requireComponentEditor(this.db, ctx, component);
    await this.write(ctx, (work) => removeLink(work, ctx, resource, component));
  }

  /** Sets the component's rule, or removes it with `null`. */
  async setResourceRule(ctx: RequestContext, componentRef: string, filter: string | null) {
    const component = await requireComponent(this.db, componentRef);
    await requireComponentEditor(this.db, ctx, component);
    await this.write(ctx, (work) => setRule(work, ctx, component, filter));
  }

  async componentResources(ctx: RequestContext, componentRef: string): Promise<ComponentResources> {
    const component = await requireComponent(this.db, componentRef);
    const mayEdit = ctx.actor ? await isOwnerMember(this.db, ctx.actor, component) : false;
    return resourcesOf(this.db, component, mayEdit);
  }

  private invalidRecord(problems: RecordProblem[]): Invalid {
    return new Invalid(
      InventoryErrors.invalid,
      problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
      problems.map(({ field, reason }) => ({ field, reason })),
    );
  }

  private async findRow(id: string): Promise<ResourceRow | undefined> {
    // Not a uuid is no resource, not a database error.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      return undefined;
    const [row] = await this.db.select().from(resources).where(eq(resources.id, id));
    return row;
  }

  private async requireRow(id: string): Promise<ResourceRow> {
    const row = await this.findRow(id);
    if (!row) throw new NotFound(InventoryErrors.notFound, `no resource ${id}`);
    return row;
  }
}

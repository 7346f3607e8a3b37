import { sql } from 'drizzle-orm';
import { findComponent } from '../catalog/components.js';
import { requireActor } from '../catalog/rights.js';
import type { EventBus } from '../platform/bus.js';
import { type RequestContext, systemContext } from '../platform/context.js';
import { type Db, queryRows } from '../platform/db.js';
import { Forbidden, Invalid, NotFound } from '../platform/errors.js';
import { inTransaction, lockScope, type Work } from '../platform/unit-of-work.js';
import { pruneRadarStructure, upsertRadar } from './bulk.js';
import type {
  EntryCreate,
  EntryLinkInput,
  EntryPatch,
  HoldFlag,
  QuadrantInput,
  QuadrantPatch,
  Radar,
  RadarContent,
  RadarFormat,
  RadarImportReport,
  RingInput,
  RingPatch,
  TimelinePointInput,
} from './contract.js';
import { DEFAULT_NEW_DAYS } from './contract.js';
import * as entries from './entries.js';
import { RadarErrors } from './errors.js';
import { BackstageRadar, fromBackstage, toBackstage } from './formats/backstage.js';
import { fromZalando, toZalando, ZalandoRadar } from './formats/zalando.js';
import { readRadar, readStructure } from './read.js';
import { radarQuadrants, radarRings } from './schema.js';
import { createPart, deletePart, updatePart } from './structure.js';
import { componentsUsing } from './usage.js';

/**
 * The radar a new instance starts with (PRODUCT 3): four quadrants and the rings Adopt, Trial,
 * Assess and Hold. Created the first time anyone reads an empty radar (no quadrant and no
 * ring), so an import into a fresh instance finds nothing in its way.
 */
export const DEFAULT_RADAR: RadarContent = {
  quadrants: [
    {
      name: 'Languages & Frameworks',
      position: 0,
      description: 'Programming languages and application frameworks.',
    },
    { name: 'Platforms', position: 1, description: 'Databases, brokers and runtimes we operate.' },
    { name: 'Tools', position: 2, description: 'Build, delivery and observability tools.' },
    { name: 'Techniques', position: 3, description: 'Ways of working and architecture patterns.' },
  ],
  rings: [
    { name: 'Adopt', position: 0, color: '#5ba300', description: 'Use by default for new work.' },
    {
      name: 'Trial',
      position: 1,
      color: '#009eb0',
      description: 'Use on a project that can handle the risk.',
    },
    {
      name: 'Assess',
      position: 2,
      color: '#c7ba00',
      description: 'Worth exploring; not for production yet.',
    },
    { name: 'Hold', position: 3, color: '#e09b96', description: 'Do not start new work with it.' },
  ],
  entries: [],
};

function requireAdmin(ctx: RequestContext, what: string): void {
  if (!requireActor(ctx).isAdmin)
    throw new Forbidden(RadarErrors.forbidden, `only admins may ${what}`);
}

/**
 * The tech radar: everyone logged in reads it, admins change it. Every write runs in one
 * transaction with its audit events and publishes change events after commit. `now` is the
 * clock that dates ring changes and derives "new" and "moved" (tests pass their own).
 */
export class RadarService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private write<T>(ctx: RequestContext, what: string, fn: (work: Work) => Promise<T>): Promise<T> {
    requireAdmin(ctx, what);
    return inTransaction(this.db, this.bus, ctx, fn);
  }

  /** Seeds DEFAULT_RADAR when the radar has neither quadrants nor rings (see its comment). */
  private async ensureDefaults(ctx: RequestContext): Promise<void> {
    const empty = async (db: Db) => {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT (SELECT count(*) FROM ${radarQuadrants}) + (SELECT count(*) FROM ${radarRings}) AS n`,
      );
      return Number(row?.n ?? 0) === 0;
    };
    if (!(await empty(this.db))) return;
    // Argus seeds it, not the reader who happened to open the page first.
    const system = systemContext(ctx.requestId);
    await inTransaction(this.db, this.bus, system, async (work) => {
      // Two first readers at once: the second waits, then finds the radar seeded.
      await lockScope(work.tx, 'radar-defaults');
      if (await empty(work.tx))
        await upsertRadar(work, system, DEFAULT_RADAR, {
          reason: 'the default radar, on first use',
        });
    });
  }

  async radar(ctx: RequestContext, newDays = DEFAULT_NEW_DAYS): Promise<Radar> {
    await this.ensureDefaults(ctx);
    const radar = await readRadar(this.db, this.now(), newDays);
    return { ...radar, may: { edit: ctx.actor?.isAdmin === true } };
  }

  /** The entries on the Hold ring (the outermost) that a component uses. */
  async holdFlag(ref: { namespace: string; name: string }): Promise<HoldFlag> {
    const component = await findComponent(this.db, ref);
    if (!component)
      throw new NotFound(RadarErrors.notFound, `no component ${ref.namespace}/${ref.name}`);
    const { rings } = await readStructure(this.db);
    const hold = rings.at(-1);
    if (!hold) return { ring: null, entries: [] };
    const usage = await componentsUsing(this.db, { componentId: component.id });
    if (usage.size === 0) return { ring: hold.name, entries: [] };
    const radar = await readRadar(this.db, this.now(), DEFAULT_NEW_DAYS);
    return {
      ring: hold.name,
      entries: radar.entries
        .filter((e) => e.active && e.ring === hold.name && usage.has(e.id))
        .map((e) => ({
          id: e.id,
          label: e.label,
          quadrant: e.quadrant,
          via: usage.get(e.id)![0]!.via,
        })),
    };
  }

  createQuadrant(ctx: RequestContext, input: QuadrantInput) {
    return this.write(ctx, 'edit the radar', (w) => createPart(w, ctx, 'quadrant', input));
  }
  updateQuadrant(ctx: RequestContext, id: string, patch: QuadrantPatch) {
    return this.write(ctx, 'edit the radar', (w) => updatePart(w, ctx, 'quadrant', id, patch));
  }
  deleteQuadrant(ctx: RequestContext, id: string) {
    return this.write(ctx, 'edit the radar', (w) => deletePart(w, ctx, 'quadrant', id));
  }
  createRing(ctx: RequestContext, input: RingInput) {
    return this.write(ctx, 'edit the radar', (w) => createPart(w, ctx, 'ring', input));
  }
  updateRing(ctx: RequestContext, id: string, patch: RingPatch) {
    return this.write(ctx, 'edit the radar', (w) => updatePart(w, ctx, 'ring', id, patch));
  }
  deleteRing(ctx: RequestContext, id: string) {
    return this.write(ctx, 'edit the radar', (w) => deletePart(w, ctx, 'ring', id));
  }

  createEntry(ctx: RequestContext, input: EntryCreate) {
    return this.write(ctx, 'edit the radar', (w) => entries.createEntry(w, ctx, input, this.now()));
  }
  updateEntry(ctx: RequestContext, id: string, patch: EntryPatch) {
    return this.write(ctx, 'edit the radar', (w) => entries.updateEntry(w, ctx, id, patch));
  }
  deleteEntry(ctx: RequestContext, id: string) {
    return this.write(ctx, 'edit the radar', (w) => entries.deleteEntry(w, ctx, id));
  }
  addPoint(ctx: RequestContext, id: string, input: TimelinePointInput) {
    return this.write(ctx, 'move radar entries', (w) =>
      entries.addPoint(w, ctx, id, input, this.now()),
    );
  }
  removePoint(ctx: RequestContext, id: string, pointId: string) {
    return this.write(ctx, 'edit the radar', (w) => entries.removePoint(w, ctx, id, pointId));
  }
  addLink(ctx: RequestContext, id: string, input: EntryLinkInput) {
    return this.write(ctx, 'edit the radar', (w) => entries.addLink(w, ctx, id, input));
  }
  removeLink(ctx: RequestContext, id: string, linkId: string) {
    return this.write(ctx, 'edit the radar', (w) => entries.removeLink(w, ctx, id, linkId));
  }

  /** The radar in a foreign format. Reading never seeds: an empty radar exports empty. */
  async export(format: RadarFormat): Promise<ZalandoRadar | BackstageRadar> {
    const radar = await readRadar(this.db, this.now(), DEFAULT_NEW_DAYS);
    return format === 'zalando' ? toZalando(radar) : toBackstage(radar);
  }

  /**
   * Reads a Zalando or Backstage file and stores it through the bulk operation: all of it is
   * checked first (a 400 names every problem, with the entry and the field), then written.
   */
  async import(
    ctx: RequestContext,
    format: RadarFormat,
    body: unknown,
  ): Promise<RadarImportReport> {
    return this.write(ctx, 'import a radar', async (work) => {
      const schema = format === 'zalando' ? ZalandoRadar : BackstageRadar;
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => ({
          field: i.path.join('.') || '(file)',
          reason: i.message,
        }));
        throw new Invalid(RadarErrors.invalid, `not a ${format} radar file`, problems);
      }
      const { content, problems } =
        format === 'zalando'
          ? fromZalando(parsed.data as ZalandoRadar, {
              currentRing: await this.currentRings(work.tx),
              now: this.now(),
            })
          : fromBackstage(parsed.data as BackstageRadar);
      if (problems.length > 0)
        throw new Invalid(
          RadarErrors.invalid,
          `the ${format} file has ${problems.length} problem(s): ${problems[0]!.field}: ${problems[0]!.reason}`,
          problems,
        );
      const reason = `imported from a ${format} radar file`;
      const plan = await upsertRadar(work, ctx, content, { reason, path: '' });
      await pruneRadarStructure(
        work,
        ctx,
        {
          quadrants: content.quadrants.map((q) => q.name),
          rings: content.rings.map((r) => r.name),
        },
        reason,
      );
      const counts = new Map<
        string,
        { model: string; read: number; created: number; updated: number }
      >();
      for (const [model, read] of Object.entries(plan.reads))
        counts.set(model, { model, read, created: 0, updated: 0 });
      for (const o of plan.outcomes) counts.get(o.model)![o.outcome]++;
      return { format, counts: [...counts.values()] };
    });
  }

  private async currentRings(db: Db): Promise<Map<string, string | null>> {
    const radar = await readRadar(db, this.now(), DEFAULT_NEW_DAYS);
    return new Map(radar.entries.map((e) => [e.label.toLowerCase(), e.ring]));
  }
}

// Facet counts and totals without a scan of the components table (issue 6, PRODUCT 1.2): the
// fields that filters and facets read, held in memory as columns (facet-index-store.ts), kept
// current from the change events and checked against the data generation before every answer.
//
// Exactness. Every committed write bumps the generation inside its transaction, one value per
// transaction in commit order, and its events carry that value (unit-of-work.ts). The index
// answers a question asked at generation `c` only when it has applied every write up to `c`
// and read no row at a later snapshot; otherwise the database answers (the plain GROUP BY), and
// the index catches up: from the events when it has heard of every write, by reloading all
// rows when it has not (a write by another process sharing the database, see docs/scaling.md).
import { type SQL, sql } from 'drizzle-orm';
import { compilePredicate, type Expr, type FieldSet } from '../dsl/index.js';
import type { ChangeEvent, EventBus } from '../platform/bus.js';
import { type Db, queryRows } from '../platform/db.js';
import { DATA_SCOPE } from '../platform/generation.js';
import { generations } from '../platform/schema.js';
import type { TeamParents } from './component-fields.js';
import {
  COLUMN_SOURCES,
  ComponentColumns,
  type FacetTally,
  INDEXED_FACETS,
  INDEXED_FIELDS,
  type IndexedComponent,
  loadedRef,
} from './facet-index-store.js';
import { components, teams } from './schema.js';

/** More components named by the events of one catch-up than this: reloading all is cheaper. */
const INCREMENTAL_LIMIT = 2000;
/** Components per statement of a full load. */
const LOAD_CHUNK = 10_000;
/** A write the index did not hear of costs a reload; under many such writes, at most this often. */
const FOREIGN_WRITE_RELOAD_MS = 5000;

const indexedFields = new Set(INDEXED_FIELDS);

export interface FacetAnswer {
  total: number;
  facets: FacetTally;
}

export class FacetIndex {
  private columns: ComponentColumns | undefined;
  private fields: FieldSet<number> | undefined;
  /** Every write up to this generation is in the columns. */
  private generation = -1;
  /** The newest snapshot any row in the columns was read at. */
  private readSnapshot = -1;
  /** Events of writes not yet applied, by generation. */
  private readonly pending = new Map<number, ChangeEvent[]>();
  private loading = false;
  private work: Promise<void> = Promise.resolve();
  private catchUpQueued = false;
  private catchingUp = false;
  private lastForeignReload = Number.NEGATIVE_INFINITY;
  private closed = false;
  private fullLoads = 0;
  private reloads = 0;
  private readonly unsubscribe: () => void;
  /** Where a failed load or catch-up is told (the server's log); the database answers meanwhile. */
  private report: (error: unknown) => void = () => {};

  constructor(
    private readonly db: Db,
    bus: EventBus,
    /** Components per statement of a full load (tests make it small to load in many chunks). */
    private readonly loadChunk = LOAD_CHUNK,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.heard(event));
  }

  /**
   * The total and the facet tallies of the components `filter` selects, if the index can give
   * them exactly at `generation` (the value the caller read); undefined sends the caller to
   * the database. Synchronous on purpose: nothing can change the columns while it counts.
   */
  /** Tells `report` of every load or catch-up that fails. */
  reportErrorsTo(report: (error: unknown) => void): void {
    this.report = report;
  }

  answer(
    generation: number,
    filter: Expr | undefined,
    facets: readonly string[],
  ): FacetAnswer | undefined {
    if (!this.columns || !this.fields || this.generation !== generation) {
      this.catchUpWith(generation);
      return undefined;
    }
    if (this.readSnapshot > generation) {
      this.catchUpWith(this.readSnapshot);
      return undefined;
    }
    if (!facets.every((f) => INDEXED_FACETS.has(f))) return undefined;
    if (filter && !namesOnlyIndexedFields(filter)) return undefined;
    const predicate = filter ? compilePredicate(filter, this.fields) : undefined;
    return this.columns.tally(predicate, facets);
  }

  /** Loads the index if it is not loaded and waits until it has applied what it heard of. */
  async settled(): Promise<void> {
    if (!this.columns && !this.loading) this.enqueue(() => this.loadAll());
    let seen: Promise<void>;
    do {
      seen = this.work;
      await seen;
    } while (seen !== this.work);
  }

  /** How the index has kept up: full loads, incremental reloads, memory (docs/PERFORMANCE.md). */
  stats(): { fullLoads: number; reloads: number; components: number; bytes: number } {
    return {
      fullLoads: this.fullLoads,
      reloads: this.reloads,
      components: this.columns?.count ?? 0,
      bytes: this.columns?.bytes() ?? 0,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await this.work;
  }

  private heard(event: ChangeEvent): void {
    // Not loaded and not loading: the first load will read the current rows anyway.
    if (this.closed || (!this.columns && !this.loading)) return;
    const generation = event.generation;
    // Without a generation the write cannot be placed among the others: read everything again.
    if (generation === undefined) {
      this.enqueue(() => this.loadAll());
      return;
    }
    if (generation <= this.generation) return;
    const events = this.pending.get(generation);
    if (events) events.push(event);
    else this.pending.set(generation, [event]);
    this.scheduleCatchUp();
  }

  /** Called when the index is behind `target`: load, wait for the events, or reload. */
  private catchUpWith(target: number): void {
    if (this.closed) return;
    if (!this.columns) {
      if (!this.loading) this.enqueue(() => this.loadAll());
      return;
    }
    // A load or catch-up under way, or events waiting for one, explain the difference.
    if (
      target <= this.generation ||
      this.loading ||
      this.catchingUp ||
      this.pending.has(this.generation + 1)
    )
      return;
    // A write this process did not hear of (another process, or its events are yet to come).
    const now = performance.now();
    if (now - this.lastForeignReload < FOREIGN_WRITE_RELOAD_MS) return;
    this.lastForeignReload = now;
    this.enqueue(() => this.loadAll());
  }

  private scheduleCatchUp(): void {
    if (this.catchUpQueued) return;
    this.catchUpQueued = true;
    this.enqueue(async () => {
      this.catchUpQueued = false;
      this.catchingUp = true;
      try {
        await this.catchUp();
      } finally {
        this.catchingUp = false;
      }
    });
  }

  /** Work runs one task at a time, so the columns change only between awaits of one task. */
  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((error: unknown) => {
      // A failed read (the database went away, the app is closing) leaves the index unusable
      // until the next question loads it again; meanwhile the database answers.
      if (!this.closed) this.report(error);
      this.columns = undefined;
      this.fields = undefined;
      this.loading = false;
      this.pending.clear();
    });
  }

  /** Applies the writes heard of, in generation order, as far as they run without a gap. */
  private async catchUp(): Promise<void> {
    while (!this.closed && this.columns) {
      const batch: ChangeEvent[] = [];
      let last = this.generation;
      for (let events = this.pending.get(last + 1); events; events = this.pending.get(last + 1)) {
        batch.push(...events);
        this.pending.delete(++last);
      }
      if (last === this.generation) return;
      const refs = new Set<string>();
      let reloadAll = false;
      for (const event of batch) {
        if (event.type === 'component') refs.add(event.ref);
        // Other writes may change components without naming each one: a team rename renames
        // owners, a new team can become the parent an owner resolves through.
        else if (!leavesComponents(event)) reloadAll = true;
      }
      if (reloadAll || refs.size > INCREMENTAL_LIMIT) {
        await this.loadAll();
        continue;
      }
      if (refs.size > 0 && !(await this.reload(refs))) {
        await this.loadAll();
        continue;
      }
      this.generation = last;
    }
  }

  /**
   * Reads every component, in chunks by id: on the embedded engine a query holds the server's
   * thread, and requests run between chunks. Each chunk is its own snapshot; the columns stand
   * at the first one's generation, and a write that lands between chunks is applied from its
   * events afterwards (readSnapshot keeps the index from answering until then).
   */
  private async loadAll(): Promise<void> {
    if (this.closed) return;
    this.loading = true;
    let columns: ComponentColumns | undefined;
    let base = 0;
    let newest = 0;
    let after: string | undefined;
    for (;;) {
      const chunk = await this.read(
        after === undefined ? sql`true` : sql`${components.id} > ${after}`,
        this.loadChunk,
        columns === undefined,
      );
      if (columns === undefined) {
        columns = new ComponentColumns(this.loadChunk, chunk.teamParents);
        base = chunk.generation;
      }
      newest = Math.max(newest, chunk.generation);
      for (const row of chunk.rows) columns.put(row);
      if (chunk.rows.length < this.loadChunk || this.closed) break;
      after = chunk.rows.at(-1)!.id;
    }
    this.columns = columns;
    this.fields = columns.filterFields();
    this.generation = base;
    this.readSnapshot = newest;
    this.loading = false;
    this.fullLoads++;
    for (const g of this.pending.keys()) if (g <= base) this.pending.delete(g);
    if (this.pending.size > 0) this.scheduleCatchUp();
  }

  /**
   * Re-reads the components the events named, by their current refs. A slot that held a named
   * ref and whose id did not come back was deleted or renamed away; a renamed one comes back
   * by its new ref, from this event or a later one. False when a ref is in neither the answer
   * nor the columns (renamed, then deleted): its old slot cannot be found by ref.
   */
  private async reload(refs: Set<string>): Promise<boolean> {
    const keys = [...refs].map(refKey);
    const { generation, rows } = await this.read(
      sql`(lower(${components.namespace}), lower(${components.name})) IN (${sql.join(
        keys.map(([namespace, name]) => sql`(lower(${namespace}), lower(${name}))`),
        sql`, `,
      )})`,
      INCREMENTAL_LIMIT,
    );
    const columns = this.columns!;
    const bySlot = columns.slotsOf(rows.map((r) => r.id));
    const named = columns.slotsNamed(refs);
    const answered = new Set(rows.map(loadedRef));
    const held = new Set(named.map((n) => n.ref));
    for (const ref of refs) if (!answered.has(ref) && !held.has(ref)) return false;
    const kept = new Set(bySlot.values());
    for (const { slot } of named) if (!kept.has(slot)) columns.remove(slot);
    for (const row of rows) columns.put(row, bySlot.get(row.id));
    this.readSnapshot = Math.max(this.readSnapshot, generation);
    this.reloads++;
    return true;
  }

  /**
   * The generation and the matching components' columns in one statement, so both come from one
   * snapshot; with `withTeams`, the team tree of that snapshot too. The rows come as one JSON
   * text: the embedded engine hands a result to JavaScript row by row and value by value, which
   * for 100,000 rows of 18 columns takes a minute; one text and JSON.parse take a second.
   */
  private async read(
    where: SQL,
    limit: number,
    withTeams = false,
  ): Promise<{ generation: number; rows: IndexedComponent[]; teamParents: TeamParents }> {
    const teamTree = withTeams
      ? sql`(SELECT coalesce(json_agg(json_build_array(t.name, p.name)), '[]'::json)
             FROM ${teams} t LEFT JOIN ${teams} p ON p.id = t.parent_id)`
      : sql`'[]'::json`;
    const [result] = await queryRows<{ generation: string | number; teams: string; rows: string }>(
      this.db,
      sql`
      SELECT (SELECT coalesce((SELECT value FROM ${generations} WHERE scope = ${DATA_SCOPE}), 0)) AS generation,
             ${teamTree}::text AS teams,
             (SELECT coalesce(json_agg(chunk.row), '[]'::json) FROM (
                SELECT json_build_array(${sql.join(
                  [sql`${components.id}`, ...COLUMN_SOURCES.map((source) => source.sql)],
                  sql`, `,
                )}) AS row
                FROM ${components} WHERE ${where} ORDER BY ${components.id} LIMIT ${limit}) chunk
             )::text AS rows`,
    );
    const rows = (JSON.parse(result!.rows) as unknown[][]).map(([id, ...values]) => ({
      id: String(id),
      values,
    }));
    return {
      generation: Number(result!.generation),
      rows,
      teamParents: new Map(JSON.parse(result!.teams) as [string, string | null][]),
    };
  }
}

/** `component:ns/name` as [namespace, name] (the form change events use). */
function refKey(ref: string): [string, string] {
  const body = ref.slice('component:'.length);
  const slash = body.indexOf('/');
  return [body.slice(0, slash), body.slice(slash + 1)];
}

/** Writes that cannot change a component's indexed columns. */
function leavesComponents(event: ChangeEvent): boolean {
  return (
    event.action === 'create' &&
    (event.type === 'person' || event.type === 'import' || event.type.startsWith('reference.'))
  );
}

function namesOnlyIndexedFields(expr: Expr): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.args.every(namesOnlyIndexedFields);
    case 'not':
      return namesOnlyIndexedFields(expr.arg);
    default:
      return indexedFields.has(expr.field.name) && expr.field.path.length === 0;
  }
}

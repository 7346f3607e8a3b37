// The components as the facet index holds them: the columns that facets count and filters
// compare (facet-index-columns.ts), one slot per component. It knows nothing of the database
// or the bus; facet-index.ts fills it and keeps it current.
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { FieldSet, FieldSpec, Predicate } from '../dsl/index.js';
import { componentFields, ownerChain, type TeamParents } from './component-fields.js';
import { MultiColumn, ScalarColumn, SlotIds, uuidWords } from './facet-index-columns.js';
import { FACET_COLUMNS } from './list.js';

/** A column to load: an SQL expression over the components table, one value or an array. */
export interface ColumnSource {
  sql: SQL;
  multi: boolean;
}

/**
 * Free text stays in the database: long, rarely filtered on, and it would cost more memory than
 * every other field together. Maps (labels, annotations) too. A filter naming one is counted there.
 */
const NOT_INDEXED = new Set(['title', 'description']);

/**
 * `owner` as a filter holds the owner's chain of parent teams. Its SQL climbs the team tree for
 * each row, which would make a load of 100,000 components take seconds; the index keeps the
 * owner column and climbs the team tree (loaded in the same snapshot) in memory instead.
 */
const OWNER = 'owner';

/** The filter fields the index can evaluate. */
export const INDEXED_FIELDS: readonly string[] = Object.keys(componentFields).filter(
  (name) => componentFields[name]!.shape !== 'keyed' && !NOT_INDEXED.has(name),
);

const dialect = new PgDialect();
const sqlText = (source: SQL) => JSON.stringify(dialect.sqlToQuery(source));

/**
 * Every column the index loads, each once: the facet columns, and the filter fields' own SQL
 * (the same expression the database's filter compares), shared where they are the same.
 */
function columnPlan() {
  const sources: ColumnSource[] = [];
  const byText = new Map<string, number>();
  const columnOf = (source: ColumnSource): number => {
    const text = sqlText(source.sql);
    let index = byText.get(text);
    if (index === undefined) {
      index = sources.push(source) - 1;
      byText.set(text, index);
    }
    return index;
  };
  const facets = new Map<string, number>();
  for (const [name, facet] of Object.entries(FACET_COLUMNS))
    facets.set(name, columnOf({ sql: facet.column, multi: facet.multi }));
  const fields = new Map<string, number>();
  for (const name of INDEXED_FIELDS) {
    const spec = componentFields[name]!;
    fields.set(
      name,
      name === OWNER
        ? facets.get(OWNER)!
        : columnOf({ sql: spec.sql(), multi: spec.shape === 'multi' }),
    );
  }
  return { sources, facets, fields };
}

const plan = columnPlan();
/** The columns to read for each component, in the order IndexedComponent.values gives them. */
export const COLUMN_SOURCES: readonly ColumnSource[] = plan.sources;
const NAME_COLUMN = plan.fields.get('name')!;
const NAMESPACE_COLUMN = plan.fields.get('namespace')!;

/** One component as loaded: its id and the value of each of COLUMN_SOURCES. */
export interface IndexedComponent {
  id: string;
  values: unknown[];
}

export type FacetTally = Record<string, { value: string | null; count: number }[]>;

type Column = ScalarColumn | MultiColumn | NameColumn;

/** The name is unique per component, so a dictionary would only add to it. */
class NameColumn {
  private names: (string | null)[] = [];

  set(slot: number, value: string | null): void {
    this.names[slot] = value;
  }

  get(slot: number): string | null {
    return this.names[slot] ?? null;
  }

  grow(): void {}

  bytes(): number {
    let bytes = this.names.length * 8;
    for (const name of this.names) bytes += name === null ? 0 : 16 + name.length;
    return bytes;
  }
}

export class ComponentColumns {
  private capacity: number;
  /** Slots in use or freed; freed ones are reused first. */
  private size = 0;
  private readonly freeSlots: number[] = [];
  private readonly ids: SlotIds;
  private readonly columns: Column[];

  constructor(
    expected: number,
    /** The team tree at the snapshot the components were read at, for `owner`. */
    private readonly teamParents: TeamParents,
  ) {
    this.capacity = Math.max(1024, expected);
    this.ids = new SlotIds(this.capacity);
    this.columns = COLUMN_SOURCES.map((source, i) =>
      i === NAME_COLUMN
        ? new NameColumn()
        : source.multi
          ? new MultiColumn(this.capacity)
          : new ScalarColumn(this.capacity),
    );
  }

  get count(): number {
    return this.size - this.freeSlots.length;
  }

  /** Writes a component into `slot`, or into a new slot; returns the slot. */
  put(component: IndexedComponent, slot = this.allocate()): number {
    this.ids.set(slot, component.id);
    this.columns.forEach((column, i) => {
      const value = component.values[i];
      if (column instanceof MultiColumn)
        column.set(slot, Array.isArray(value) ? value.map(textOrNull) : []);
      else column.set(slot, textOrNull(value));
    });
    return slot;
  }

  remove(slot: number): void {
    this.ids.clear(slot);
    for (const column of this.columns) if (column instanceof MultiColumn) column.clear(slot);
    this.freeSlots.push(slot);
  }

  /** The slot of each given id that the index holds. */
  slotsOf(ids: readonly string[]): Map<string, number> {
    const wanted = ids.map((id) => ({ id, words: uuidWords(id) }));
    const found = new Map<string, number>();
    for (let slot = 0; slot < this.size && found.size < wanted.length; slot++) {
      if (!this.ids.isLive(slot)) continue;
      for (const w of wanted) if (this.ids.matches(slot, w.words)) found.set(w.id, slot);
    }
    return found;
  }

  /** Live slots whose `component:<namespace>/<name>` is one of `refs`. */
  slotsNamed(refs: ReadonlySet<string>): { slot: number; ref: string }[] {
    const found: { slot: number; ref: string }[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      if (!this.ids.isLive(slot)) continue;
      const ref = componentRef(this.columns, slot);
      if (refs.has(ref)) found.push({ slot, ref });
    }
    return found;
  }

  /**
   * The filter fields over slots, for the DSL's predicate compiler: the database's specs (type,
   * shape, SQL) with values read from the columns.
   */
  filterFields(): FieldSet<number> {
    const fields: FieldSet<number> = {};
    for (const name of INDEXED_FIELDS) {
      const spec = componentFields[name]!;
      const column = this.columns[plan.fields.get(name)!]!;
      const get: FieldSpec<number>['get'] =
        name === OWNER
          ? (slot) => ownerChain(column.get(slot) as string | null, this.teamParents)
          : (slot) => column.get(slot);
      fields[name] = { type: spec.type, shape: spec.shape, sql: spec.sql, get };
    }
    return fields;
  }

  /** The number of components the predicate selects, and the tally of each facet over them. */
  tally(predicate: Predicate<number> | undefined, facets: readonly string[]) {
    const selected = new Uint32Array(this.size);
    let n = 0;
    for (let slot = 0; slot < this.size; slot++) {
      if (this.ids.isLive(slot) && (predicate === undefined || predicate(slot)))
        selected[n++] = slot;
    }
    const tally: FacetTally = {};
    for (const facet of facets) {
      const column = this.columns[plan.facets.get(facet)!];
      if (!(column instanceof ScalarColumn || column instanceof MultiColumn))
        throw new Error(`internal: facet "${facet}" is not a counted column`);
      tally[facet] = column.tally(selected, n);
    }
    return { total: n, facets: tally };
  }

  /** What the columns take, estimated: typed arrays exactly, strings at V8's usual cost. */
  bytes(): number {
    return this.ids.bytes() + this.columns.reduce((sum, column) => sum + column.bytes(), 0);
  }

  private allocate(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (this.size === this.capacity) {
      this.capacity *= 2;
      this.ids.grow(this.capacity);
      for (const column of this.columns) column.grow(this.capacity);
    }
    return this.size++;
  }
}

/** The facets the index counts. */
export const INDEXED_FACETS: ReadonlySet<string> = new Set(plan.facets.keys());

/** A loaded component's ref, as change events name it. */
export function loadedRef(component: IndexedComponent): string {
  return `component:${component.values[NAMESPACE_COLUMN]}/${component.values[NAME_COLUMN]}`;
}

function componentRef(columns: Column[], slot: number): string {
  return `component:${columns[NAMESPACE_COLUMN]!.get(slot)}/${columns[NAME_COLUMN]!.get(slot)}`;
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

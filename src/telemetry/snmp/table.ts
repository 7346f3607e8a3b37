import type { Varbind } from 'net-snmp';
import { loadSnmp } from './library.js';

/**
 * A table fetch: several columns walked side by side, each GETBULK carrying one varbind per
 * column still going, so a table of C columns and R rows costs about R / max_repetitions round
 * trips instead of C x R / max_repetitions when every column is walked on its own (as
 * `snmpbulkwalk` does). Columns an agent does not have end at once (their first answer is
 * outside the column), so optional columns (ifXTable on a v1 agent) cost nothing more.
 */

/** One step of a walk: the next `repetitions` OIDs after each of `oids`, per OID. */
export type BulkStep = (oids: string[], repetitions: number) => Promise<Varbind[][]>;

/** Rows by index (the OID suffix after the column), then values by column OID. */
export type Table = Map<string, Map<string, unknown>>;

/** The cells a walk may return before it is refused: a guard against agents that never end. */
const MAX_CELLS = 2_000_000;

/** Whether OID `b` comes after `a` in lexicographic (sub-identifier) order. */
export function oidAfter(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = Number(y[i]) - Number(x[i]);
    if (d !== 0) return d > 0;
  }
  return y.length > x.length;
}

/**
 * `rowsHint` (when the MIB says how many rows there are, as IF-MIB's ifNumber does) caps the
 * repetitions at rows + 1: every repetition past a column's end is a varbind of the next column
 * that the agent computes and sends for nothing, 30 columns x 25 for a 4-row table.
 */
export async function walkColumns(
  step: BulkStep,
  columns: readonly string[],
  maxRepetitions: number,
  rowsHint?: number,
): Promise<Table> {
  const { isVarbindError } = await loadSnmp();
  const repetitions =
    rowsHint !== undefined && rowsHint >= 0
      ? Math.min(maxRepetitions, rowsHint + 1)
      : maxRepetitions;
  const table: Table = new Map();
  // Each live column: its OID prefix and the last OID it reached.
  let live = columns.map((column) => ({ column, prefix: `${column}.`, last: column }));
  let cells = 0;
  while (live.length > 0) {
    const answers = await step(
      live.map((c) => c.last),
      repetitions,
    );
    const next: typeof live = [];
    let progressed = false;
    for (const [i, c] of live.entries()) {
      let done = false;
      const got = answers[i] ?? [];
      for (const vb of got) {
        if (isVarbindError(vb) || !vb.oid.startsWith(c.prefix)) {
          done = true;
          break;
        }
        // An agent answering an OID at or before the one asked would walk forever.
        if (!oidAfter(c.last, vb.oid)) throw new Error(`agent returned ${vb.oid} after ${c.last}`);
        const index = vb.oid.slice(c.prefix.length);
        let row = table.get(index);
        if (!row) {
          row = new Map();
          table.set(index, row);
        }
        row.set(c.column, vb.value);
        c.last = vb.oid;
        progressed = true;
        if (++cells > MAX_CELLS) throw new Error(`table walk passed ${MAX_CELLS} cells`);
      }
      if (done) progressed = true;
      // An empty answer for a column (a truncated response) is asked again from where it stopped.
      if (!done) next.push(c);
    }
    if (!progressed) throw new Error('agent answered a table request with no values');
    live = next;
  }
  return table;
}

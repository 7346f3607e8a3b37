import type { ColumnFilter, FilterSide } from '../../../src/requirements/contract.js';

export type { ColumnFilter, FilterSide };

/** The statuses a column filter may pick per side (the contract's lists, in reading order). */
export const SIDE_CHOICES: Record<FilterSide, readonly string[]> = {
  overall: ['ok', 'n/a', 'waiting', 'waiting_na', 'not_approved', 'not_ready', 'unknown'],
  owner: ['ready', 'n/a', 'not_ready', 'unknown'],
  reviewer: ['approved', 'rejected', 'unknown'],
};
export const SIDES = Object.keys(SIDE_CHOICES) as FilterSide[];

/** A set dashboard's view, all in the URL so a link reproduces it. */
export interface DashboardSearch {
  /** DSL over components. */
  filter?: string;
  /** One version of every component; default each one's latest. */
  version?: string;
  /** Per-column status filters, at most one per requirement. */
  cols?: ColumnFilter[];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

function columnFilter(v: unknown): ColumnFilter | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { requirementId, side, statuses } = v as Record<string, unknown>;
  if (typeof requirementId !== 'string' || !/^[^:=,\s|]+$/.test(requirementId)) return undefined;
  if (typeof side !== 'string' || !(side in SIDE_CHOICES)) return undefined;
  const allowed = SIDE_CHOICES[side as FilterSide];
  const picked = Array.isArray(statuses)
    ? statuses.filter((s): s is string => allowed.includes(s as string))
    : [];
  return picked.length > 0
    ? { requirementId, side: side as FilterSide, statuses: picked }
    : undefined;
}

/** Reads the URL leniently: a hand-edited or stale filter is dropped, not an error page. */
export function validateDashboardSearch(search: Record<string, unknown>): DashboardSearch {
  const cols = (Array.isArray(search.cols) ? search.cols : [])
    .map(columnFilter)
    .filter((c): c is ColumnFilter => c !== undefined);
  return {
    filter: text(search.filter),
    version: text(search.version),
    cols: cols.length > 0 ? cols : undefined,
  };
}

/** The API's `where` for these filters (contract.ts `parseColumnFilters` reads it back). */
export function whereOf(cols: readonly ColumnFilter[] | undefined): string | undefined {
  if (!cols || cols.length === 0) return undefined;
  return cols.map((c) => `${c.requirementId}:${c.side}=${c.statuses.join('|')}`).join(',');
}

/** The filters with one column's replaced (no statuses: that column's filter removed). */
export function withColumnFilter(
  cols: readonly ColumnFilter[] | undefined,
  requirementId: string,
  side: FilterSide,
  statuses: readonly string[],
): ColumnFilter[] | undefined {
  const others = (cols ?? []).filter((c) => c.requirementId !== requirementId);
  const next =
    statuses.length > 0 ? [...others, { requirementId, side, statuses: [...statuses] }] : others;
  return next.length > 0 ? next : undefined;
}

/** The page of a set's dashboard. */
export const dashboardPath = (set: string) => `/requirements/sets/${encodeURIComponent(set)}`;

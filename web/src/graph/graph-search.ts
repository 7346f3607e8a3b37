import type { GraphDirection } from '../api/types.js';

export interface GraphSearch {
  /** `namespace/name` of the component at the centre; absent for the whole catalog. */
  root?: string;
  depth?: number;
  /** Which way to walk from the centre (default both). */
  direction?: GraphDirection;
}

const DIRECTIONS: readonly string[] = ['upstream', 'downstream', 'both'];

export function validateGraphSearch(search: Record<string, unknown>): GraphSearch {
  const root =
    typeof search.root === 'string' && search.root !== ''
      ? search.root.replace(/^component:/, '')
      : undefined;
  const depth = Number(search.depth);
  const direction = DIRECTIONS.includes(String(search.direction))
    ? (search.direction as GraphDirection)
    : undefined;
  return {
    root,
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 10 ? depth : undefined,
    direction,
  };
}

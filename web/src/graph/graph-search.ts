export interface GraphSearch {
  /** `namespace/name` of the component at the centre; absent for the whole catalog. */
  root?: string;
  depth?: number;
}

export function validateGraphSearch(search: Record<string, unknown>): GraphSearch {
  const root =
    typeof search.root === 'string' && search.root !== ''
      ? search.root.replace(/^component:/, '')
      : undefined;
  const depth = Number(search.depth);
  return { root, depth: Number.isInteger(depth) && depth >= 1 && depth <= 10 ? depth : undefined };
}

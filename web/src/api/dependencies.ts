import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { del, get, post } from './client.js';
import { useInvalidateComponent } from './invalidate.js';
import { keys } from './keys.js';
import type { Dependency, DependencyCreate, Graph, GraphDirection } from './types.js';

export function useAddDependency() {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (input: DependencyCreate) => post<Dependency>('/dependencies', input),
    onSuccess: (dependency) => {
      invalidate(dependency.from);
      invalidate(dependency.to);
    },
  });
}

export function useRemoveDependency() {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (dependency: Dependency) =>
      del(`/dependencies/${encodeURIComponent(dependency.id)}`),
    onSuccess: (_void, dependency) => {
      invalidate(dependency.from);
      invalidate(dependency.to);
    },
  });
}

/** The graph around `root` (namespace/name) to `depth` hops, or the whole catalog. */
export function useGraph(root: string | undefined, depth: number, direction: GraphDirection) {
  return useQuery({
    queryKey: [...keys.graph, root ?? '', depth, direction],
    queryFn: ({ signal }) => get<Graph>('/graph', root ? { root, depth, direction } : {}, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { del, get, post } from './client.js';
import { useInvalidateComponent } from './invalidate.js';
import { keys } from './keys.js';
import type { Dependency, DependencyCreate, Graph } from './types.js';

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
export function useGraph(root: string | undefined, depth: number) {
  return useQuery({
    queryKey: [...keys.graph, root ?? '', depth],
    queryFn: ({ signal }) =>
      get<Graph>('/graph', { root, depth: root ? depth : undefined }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

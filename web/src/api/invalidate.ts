import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { componentKeyOf, keys } from './keys.js';

/** After a write to a component (or its versions, deployments, dependencies): refetch what shows it. */
export function invalidateComponent(queryClient: QueryClient, ref: string): void {
  void queryClient.invalidateQueries({ queryKey: keys.component(componentKeyOf(ref)) });
  void queryClient.invalidateQueries({ queryKey: keys.components });
  void queryClient.invalidateQueries({ queryKey: keys.history });
  void queryClient.invalidateQueries({ queryKey: keys.graph });
}

export function useInvalidateComponent(): (ref: string) => void {
  const queryClient = useQueryClient();
  return (ref) => invalidateComponent(queryClient, ref);
}

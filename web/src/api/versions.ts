import { useMutation } from '@tanstack/react-query';
import { api, del, patch, post } from './client.js';
import { componentPath } from './components.js';
import { useInvalidateComponent } from './invalidate.js';
import type { Deployment, Version, VersionCreate, VersionPatch } from './types.js';

const versionPath = (ref: string, version: string) =>
  `${componentPath(ref)}/versions/${encodeURIComponent(version)}`;

export function useCreateVersion(ref: string) {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (input: VersionCreate) => post<Version>(`${componentPath(ref)}/versions`, input),
    onSuccess: () => invalidate(ref),
  });
}

export function useUpdateVersion(ref: string, version: string) {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (changes: VersionPatch) => patch<Version>(versionPath(ref, version), changes),
    onSuccess: () => invalidate(ref),
  });
}

export function useDeleteVersion(ref: string) {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (version: string) => del(versionPath(ref, version)),
    onSuccess: () => invalidate(ref),
  });
}

export type DeploymentInput = Partial<Omit<Deployment, 'id'>>;

export function useAddDeployment(ref: string, version: string) {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (input: DeploymentInput) =>
      api<Version>('POST', `${versionPath(ref, version)}/deployments`, { json: input }),
    onSuccess: () => invalidate(ref),
  });
}

export function useRemoveDeployment(ref: string) {
  const invalidate = useInvalidateComponent();
  return useMutation({
    mutationFn: (id: string) => del(`${componentPath(ref)}/deployments/${encodeURIComponent(id)}`),
    onSuccess: () => invalidate(ref),
  });
}

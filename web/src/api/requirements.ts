import {
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Exemption,
  ExemptionRequest,
  LevelCreate,
  LevelPatch,
  OwnerStatus,
  Requirement,
  RequirementCreate,
  RequirementLevel,
  RequirementPatch,
  RequirementSet,
  RequirementState,
  ReviewerStatus,
  ReviewQueue,
  SetCreate,
  SetDashboard,
  SetExclusion,
  SetPatch,
  TeamScorecard,
  VersionRequirements,
} from '../../../src/requirements/contract.js';
import { api, del, get, patch, post } from './client.js';
import { componentPath } from './components.js';
import { keys } from './keys.js';

export type {
  DashboardCell,
  DashboardRow,
  Exemption,
  LevelProgress,
  LevelRef,
  Missing,
  OverallStatus,
  OwnerSide,
  OwnerStatus,
  Requirement,
  RequirementLevel,
  RequirementSet,
  RequirementState,
  ReviewerSide,
  ReviewerStatus,
  ReviewQueue,
  ScorecardRow,
  Scores,
  SetDashboard,
  TeamScorecard,
  VersionRequirements,
  VersionSet,
  WaitingApproval,
} from '../../../src/requirements/contract.js';

/**
 * Query keys of the module, all under one prefix: a write (or another person's change, see
 * requirements/live.ts) refreshes every requirements view at once, since one sign-off moves a
 * card, a dashboard cell, a scorecard and a queue together.
 */
export const requirementKeys = {
  all: ['requirements'] as const,
  version: (ref: string, version: string) =>
    ['requirements', 'version', ref.toLowerCase(), version] as const,
  cell: (ref: string, version: string, requirementId: string) =>
    ['requirements', 'cell', ref.toLowerCase(), version, requirementId] as const,
  exemptions: (ref: string) => ['requirements', 'exemptions', ref.toLowerCase()] as const,
  sets: ['requirements', 'sets'] as const,
  list: (set?: string) => ['requirements', 'list', set ?? ''] as const,
  levels: ['requirements', 'levels'] as const,
  dashboard: (set: string, params: DashboardParams) =>
    ['requirements', 'dashboard', set, params] as const,
  scorecard: (team: string) => ['requirements', 'scorecard', team.toLowerCase()] as const,
  queue: (set?: string) => ['requirements', 'queue', set ?? ''] as const,
};

const versionPath = (ref: string, version: string) =>
  `${componentPath(ref)}/versions/${encodeURIComponent(version)}`;
const enc = encodeURIComponent;

/** After any write of the module: every requirements view, and the history widgets. */
export function invalidateRequirements(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: requirementKeys.all });
  void queryClient.invalidateQueries({ queryKey: keys.history });
}

function useRequirementsWrite<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => invalidateRequirements(queryClient) });
}

// ---------------------------------------------------------------------------------------------
// A version's status

/** The sets applying to a version, each requirement's two sides, level and scores. */
export function useVersionRequirements(ref: string, version: string | undefined) {
  return useQuery({
    queryKey: requirementKeys.version(ref, version ?? ''),
    queryFn: ({ signal }) =>
      get<VersionRequirements>(`${versionPath(ref, version!)}/requirements`, undefined, signal),
    enabled: Boolean(version),
    placeholderData: keepPreviousData,
  });
}

/** One requirement on one version: who set what and when (the dashboard's popover). */
export function useRequirementCell(ref: string, version: string, requirementId: string) {
  return useQuery({
    queryKey: requirementKeys.cell(ref, version, requirementId),
    queryFn: ({ signal }) =>
      get<RequirementState>(
        `${versionPath(ref, version)}/requirements/${enc(requirementId)}`,
        undefined,
        signal,
      ),
  });
}

export interface StatusWrite<S> {
  ref: string;
  version: string;
  requirementId: string;
  status: S;
  /** Omitted: the notes stay as they are. */
  notes?: string;
}

export function useSetOwnerStatus() {
  return useRequirementsWrite(
    ({ ref, version, requirementId, ...body }: StatusWrite<OwnerStatus>) =>
      api<RequirementState>(
        'PUT',
        `${versionPath(ref, version)}/requirements/${enc(requirementId)}/owner`,
        {
          json: body,
        },
      ),
  );
}

export function useSetReview() {
  return useRequirementsWrite(
    ({ ref, version, requirementId, ...body }: StatusWrite<ReviewerStatus>) =>
      api<RequirementState>(
        'PUT',
        `${versionPath(ref, version)}/requirements/${enc(requirementId)}/review`,
        { json: body },
      ),
  );
}

/** Marks a whole set not applicable for a version (with the reason), or undoes it (`reason` null). */
export function useSetExclusion(ref: string, version: string) {
  return useRequirementsWrite(
    async ({
      set,
      reason,
    }: {
      set: string;
      reason: string | null;
    }): Promise<SetExclusion | null> => {
      const path = `${versionPath(ref, version)}/requirement-sets/${enc(set)}/exclusion`;
      if (reason !== null) return api<SetExclusion>('PUT', path, { json: { reason } });
      await del(path);
      return null;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Exemptions

export function useComponentExemptions(ref: string) {
  return useQuery({
    queryKey: requirementKeys.exemptions(ref),
    queryFn: ({ signal }) =>
      get<Exemption[]>(`${componentPath(ref)}/exemptions`, undefined, signal),
  });
}

export function useRequestExemption(ref: string) {
  return useRequirementsWrite((input: ExemptionRequest) =>
    post<Exemption>(`${componentPath(ref)}/exemptions`, input),
  );
}

export type ExemptionStep = 'approve' | 'deny' | 'revoke';

export function useDecideExemption() {
  return useRequirementsWrite(
    ({ id, step, notes }: { id: string; step: ExemptionStep; notes: string }) =>
      post<Exemption>(`/exemptions/${enc(id)}/${step}`, { notes }),
  );
}

// ---------------------------------------------------------------------------------------------
// Sets, requirements and levels (admins write, everyone reads)

export function useRequirementSets() {
  return useQuery({
    queryKey: requirementKeys.sets,
    queryFn: ({ signal }) => get<RequirementSet[]>('/requirement-sets', undefined, signal),
    staleTime: 30_000,
  });
}

export function useSaveSet() {
  return useRequirementsWrite(({ key, input }: { key?: string; input: SetCreate | SetPatch }) =>
    key
      ? patch<RequirementSet>(`/requirement-sets/${enc(key)}`, input)
      : post<RequirementSet>('/requirement-sets', input),
  );
}

export function useDeleteSet() {
  return useRequirementsWrite((key: string) => del(`/requirement-sets/${enc(key)}`));
}

/** Every set by id, in the new display order. */
export function useOrderSets() {
  return useRequirementsWrite((sets: string[]) =>
    api<RequirementSet[]>('PUT', '/requirement-sets/order', { json: { sets } }),
  );
}

export function useRequirementList(set?: string) {
  return useQuery({
    queryKey: requirementKeys.list(set),
    queryFn: ({ signal }) => get<Requirement[]>('/requirements', { set: set || undefined }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSaveRequirement() {
  return useRequirementsWrite(
    ({ key, input }: { key?: string; input: RequirementCreate | RequirementPatch }) =>
      key
        ? patch<Requirement>(`/requirements/${enc(key)}`, input)
        : post<Requirement>('/requirements', input),
  );
}

export function useDeleteRequirement() {
  return useRequirementsWrite((key: string) => del(`/requirements/${enc(key)}`));
}

export function useLevels() {
  return useQuery({
    queryKey: requirementKeys.levels,
    queryFn: ({ signal }) => get<RequirementLevel[]>('/requirement-levels', undefined, signal),
    staleTime: 30_000,
  });
}

export function useSaveLevel() {
  return useRequirementsWrite(
    ({ key, input }: { key?: string; input: LevelCreate | LevelPatch }) =>
      key
        ? patch<RequirementLevel>(`/requirement-levels/${enc(key)}`, input)
        : post<RequirementLevel>('/requirement-levels', input),
  );
}

export function useDeleteLevel() {
  return useRequirementsWrite((key: string) => del(`/requirement-levels/${enc(key)}`));
}

/** Every level by id, lowest first. */
export function useOrderLevels() {
  return useRequirementsWrite((levels: string[]) =>
    api<RequirementLevel[]>('PUT', '/requirement-levels/order', { json: { levels } }),
  );
}

// ---------------------------------------------------------------------------------------------
// Read views: set dashboard, team scorecard, review queue (cursor pages, "Load more")

export interface DashboardParams {
  filter?: string;
  where?: string;
  version?: string;
}

export function useSetDashboard(set: string, params: DashboardParams) {
  return useInfiniteQuery({
    queryKey: requirementKeys.dashboard(set, params),
    queryFn: ({ pageParam, signal }) =>
      get<SetDashboard>(
        `/requirement-sets/${enc(set)}/dashboard`,
        { ...params, limit: 50, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useTeamScorecard(team: string | undefined) {
  return useInfiniteQuery({
    queryKey: requirementKeys.scorecard(team ?? ''),
    queryFn: ({ pageParam, signal }) =>
      get<TeamScorecard>(`/teams/${enc(team!)}/scorecard`, { cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(team),
    retry: false,
  });
}

export function useReviewQueue(set: string | undefined) {
  return useInfiniteQuery({
    queryKey: requirementKeys.queue(set),
    queryFn: ({ pageParam, signal }) =>
      get<ReviewQueue>('/review-queue', { set, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

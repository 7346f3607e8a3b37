/**
 * The API's shapes. Catalog types come from the server's Zod contract (types only, so no server
 * code is bundled); shapes declared inline in routes are repeated here.
 */
import type {
  Component,
  ComponentRights,
  Dependency,
  Graph,
  Version,
} from '../../../src/catalog/contract.js';
import type { EntityKind } from '../../../src/catalog/entities/contract.js';

export type {
  Component,
  ComponentCreate,
  ComponentPatch,
  ComponentRights,
  Dependency,
  DependencyCreate,
  DependencyType,
  Deployment,
  Graph,
  GraphDirection,
  Lifecycle,
  PasswordChanged,
  Person,
  ReferenceItem,
  ReferenceList,
  Team,
  TeamRights,
  Version,
  VersionCreate,
  VersionPatch,
  VersionRole,
} from '../../../src/catalog/contract.js';

export interface FacetValue {
  value: string | null;
  count: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
  facets?: Record<string, FacetValue[]>;
}

export interface ComponentPageView {
  component: Component;
  /** Whether you may edit it (the owner, an owner team member or an admin). */
  canEdit: boolean;
  /** What you may do with it and its parts: the page offers only these actions. */
  may: ComponentRights;
  versions: Version[];
  dependsOn: Dependency[];
  dependents: Dependency[];
}

export interface Me {
  id: string;
  username: string;
  isAdmin: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface IssuedToken {
  id: string;
  name: string;
  token: string;
  expiresAt: string | null;
}

export interface HistoryEvent {
  id: number;
  at: string;
  actor: string;
  requestId: string;
  entityType: string;
  entityId: string;
  entityRef: string;
  action: 'create' | 'update' | 'delete';
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

/** GET /api/people/:username/responsibilities: the teams a person is in and what they answer for. */
export interface PersonResponsibilities {
  username: string;
  /** `via`: the team above it the person belongs to (null: a direct member). */
  teams: { name: string; title: string; via: string | null }[];
  components: {
    ref: string;
    title: string;
    lifecycle: string;
    owner: string | null;
    /** `group:<team>` or `user:<username>` (`user:` and theirs when they own it). */
    ownerRef: string | null;
    /** The person's team that owns it (the owner or a team above it). */
    ownerTeam: string | null;
    roles: { role: string; versions: string[] }[];
  }[];
  /** Systems, domains, APIs and resources they own (`ownerTeam` null: the person themselves). */
  entities: { ref: string; title: string; lifecycle: string; ownerTeam: string | null }[];
  /** Components in all pages (`components` is one page, in reference order). */
  total: number;
  nextCursor: string | null;
}

export interface HistoryPage {
  items: HistoryEvent[];
  nextCursor: number | null;
}

export interface SearchHit {
  kind: 'component' | 'person' | 'team' | EntityKind;
  ref: string;
  title: string;
  subtitle: string;
}

/** A change published on /api/events. */
export interface ChangeEvent {
  type: string;
  ref: string;
  action: 'create' | 'update' | 'delete';
  requestId: string;
  at: string;
}

/** How far one of your own long tasks (an import) has come: `done` of `total` in `phase`. */
export interface ProgressEvent {
  task: string;
  phase: string;
  done: number;
  total: number;
  at: string;
}

export type GraphNode = Graph['nodes'][number];
export type GraphEdge = Graph['edges'][number];

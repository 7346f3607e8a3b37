import { z } from 'zod';
import { VERSION_RULE, versionProblem } from './semver.js';

/** API shapes of the catalog, shared by routes, the OpenAPI document and the web client. */

export const LIFECYCLES = [
  'unknown',
  'experimental',
  'new',
  'mature',
  'legacy',
  'deprecated',
  'eol',
  'eos',
] as const;
export const DEPENDENCY_TYPES = [
  'strong_rw',
  'strong_ro',
  'strong_wo',
  'weak_rw',
  'weak_ro',
  'weak_wo',
  'compile_time',
] as const;
export const QA_RATINGS = ['unknown', 'n/a', 'none', 'low', 'med', 'high'] as const;
export const QA_KINDS = [
  'manual',
  'unit',
  'e2e',
  'perf',
  'longhaul',
  'security',
  'api',
  'anonymisation',
  'upgrade',
] as const;
export const VERSION_ROLES = [
  'maintainer',
  'qa_lead',
  'product_manager',
  'program_manager',
  'escalation',
  'expert',
  'architect',
] as const;
export const DEV_LINKS = [
  'api_spec',
  'repository',
  'public_repository',
  'issue_tracker',
  'build_job',
  'docs',
  'public_docs',
  'metrics',
  'logs',
] as const;
export const REFERENCE_LISTS = [
  'categories',
  'subcategories',
  'component_types',
  'privacy_classes',
  'location_classes',
  'vendors',
  'languages',
  'frameworks',
  'databases',
  'orms',
  'loggers',
  'runtimes',
  'environments',
  'product_families',
  'product_versions',
  'tcp_ports',
] as const;
/** Lists whose items belong to an item of another list. */
export const REFERENCE_PARENTS: Partial<Record<ReferenceList, ReferenceList>> = {
  subcategories: 'categories',
  frameworks: 'languages',
  product_versions: 'product_families',
};

export type Lifecycle = (typeof LIFECYCLES)[number];
export type DependencyType = (typeof DEPENDENCY_TYPES)[number];
export type VersionRole = (typeof VERSION_ROLES)[number];
export type ReferenceList = (typeof REFERENCE_LISTS)[number];

// Backstage's entity name rule: runs of [a-zA-Z0-9] joined by single '-', '_' or '.'.
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
export const ENTITY_NAME_RULE =
  'must be letters and digits joined by -, _ or . (at most 63 characters)';
export const EntityName = z.string().min(1).max(63).regex(ENTITY_NAME, ENTITY_NAME_RULE);
/** The entity name rule as a test, for checks that report many names at once (imports). */
export function isEntityName(name: string): boolean {
  return EntityName.safeParse(name).success;
}
export const TAG_RULE = 'tags are 1-63 of a-z 0-9 : + # . -';
/** A tag of a component or an entity. */
export const Tag = z.string().regex(/^[a-z0-9:+#.-]{1,63}$/, TAG_RULE);

/**
 * Schemes a stored link may have. The web UI makes links of these fields: a `javascript:` link
 * runs script in the reader's session when clicked, and `data:`, `file:` and the like show or
 * fetch what the author chose.
 */
export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const;

/** Why `value` cannot be stored as a link, or null when it can. */
export function linkProblem(value: string): string | null {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'not a link: it must start with http://, https:// or mailto:';
  if (!(LINK_SCHEMES as readonly string[]).includes(scheme))
    return `"${scheme}:" links are not allowed: use http, https or mailto`;
  if (/[\s\p{Cc}]/u.test(value))
    return 'a link cannot contain spaces or control characters (write a space as %20)';
  if (scheme === 'mailto')
    return value.length > 'mailto:'.length ? null : 'mailto: needs an address';
  return /^https?:\/\/[^/?#]/i.test(value) && URL.canParse(value)
    ? null
    : `not a valid ${scheme} URL (${scheme}://host/path)`;
}

const checkLink = (value: string, ctx: z.RefinementCtx) => {
  const problem = value === '' ? null : linkProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
/** A link: an http, https or mailto URL. */
export const LinkUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .superRefine(checkLink)
  .describe('an http, https or mailto URL');
/** A link field where an empty string means no link. */
export const OptionalLinkUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine(checkLink)
  .describe('an http, https or mailto URL, or empty');

/** Most bytes one free-form JSON value (attributes, labels, annotations, extra) may take. */
export const MAX_JSON_BYTES = 64 * 1024;

/** Why `value` is too large to store as free-form JSON, or null. */
export function jsonSizeProblem(value: unknown, max = MAX_JSON_BYTES): string | null {
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    return 'cannot be stored as JSON (nested too deeply)';
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most values need no encoding to be measured.
  const size = text.length * 3 <= max ? text.length : new TextEncoder().encode(text).length;
  return size > max
    ? `${size.toLocaleString('en')} bytes as JSON, more than the limit of ${max.toLocaleString('en')}`
    : null;
}

/** `schema`, refusing values larger than MAX_JSON_BYTES as JSON. */
export function boundedJson<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const problem = jsonSizeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as T;
}

export const Link = z.object({
  url: z.string(),
  title: z.string().max(200).optional(),
  type: z.string().max(60).optional(),
});
/** A link as a client sends it. */
export const LinkInput = Link.extend({ url: LinkUrl });
const StringMap = z.record(z.string().min(1).max(253), z.string().max(2000));
const FreeJson = z.record(z.string(), z.unknown());
const Names = z.array(z.string().trim().min(1).max(200)).max(200);

export const ComponentFields = z.object({
  title: z.string().max(200),
  description: z.string().max(100_000),
  type: z.string().nullable(),
  lifecycle: z.enum(LIFECYCLES),
  category: z.string().nullable(),
  subcategory: z.string().nullable(),
  vendor: z.string().nullable(),
  privacyClass: z.string().nullable(),
  locationClasses: Names,
  owner: z
    .string()
    .nullable()
    .describe(
      'the owner: a team (`name` or `group:name`) or a person (`user:username`); answers give the team name or the username, and `ownerRef` says which',
    ),
  system: z.string().max(200).nullable(),
  space: z.string().max(200).nullable(),
  tags: z.array(Tag).max(100),
  labels: StringMap,
  annotations: StringMap,
  links: z.array(Link).max(100),
  endpoints: z.array(z.string().trim().min(1).max(2000)).max(200),
  attributes: FreeJson,
  highlyLoaded: z.boolean(),
});
/**
 * What a client may send. Answers use ComponentFields without these checks, so a value stored
 * before a check existed is still shown (and can be corrected) rather than failing the answer.
 */
const ComponentInput = ComponentFields.extend({
  labels: boundedJson(StringMap),
  annotations: boundedJson(StringMap),
  links: z.array(LinkInput).max(100),
  attributes: boundedJson(FreeJson),
});

export const ComponentCreate = ComponentInput.partial().extend({
  name: EntityName,
  namespace: EntityName.default('default'),
});
export const ComponentPatch = ComponentInput.partial().extend({ name: EntityName.optional() });

export const Component = ComponentFields.extend({
  id: z.string(),
  ref: z.string().describe('component:<namespace>/<name>'),
  name: z.string(),
  namespace: z.string(),
  ownerRef: z.string().nullable().describe('`group:<team>` or `user:<username>`'),
  languages: z.array(z.string()),
  frameworks: z.array(z.string()),
  latestVersion: z
    .string()
    .nullable()
    .describe('the highest version in semantic order (not the newest by date)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Component = z.infer<typeof Component>;
export type ComponentCreate = z.input<typeof ComponentCreate>;
export type ComponentPatch = z.infer<typeof ComponentPatch>;

export const QaFact = z.object({
  rating: z.enum(QA_RATINGS),
  notes: z.string().max(10_000).default(''),
});

export const VersionFields = z.object({
  releaseNotes: z.string().max(100_000),
  languages: Names,
  frameworks: Names,
  databases: Names,
  orms: Names,
  loggers: Names,
  runtimes: Names,
  kloc: z.number().nonnegative().nullable(),
  devLinks: z.partialRecord(z.enum(DEV_LINKS), z.string().max(2000)),
  qa: z.partialRecord(z.enum(QA_KINDS), QaFact),
  people: z
    .partialRecord(z.enum(VERSION_ROLES), z.array(z.string()).max(50))
    .describe('usernames by role'),
});
/** What a client may send: links checked (see ComponentInput). */
const VersionInput = VersionFields.extend({
  devLinks: z.partialRecord(z.enum(DEV_LINKS), OptionalLinkUrl),
});
/** A version string as real catalogs write them (semver.ts); anything else is refused with why. */
export const VersionName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((value, ctx) => {
    const problem = versionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(VERSION_RULE);
export const VersionCreate = VersionInput.partial().extend({ version: VersionName });
export const VersionPatch = VersionInput.partial();
export const Version = VersionFields.extend({
  id: z.string(),
  version: z.string(),
  deployments: z.array(z.lazy(() => Deployment)),
  createdAt: z.string(),
});
export type Version = z.infer<typeof Version>;
export type VersionCreate = z.infer<typeof VersionCreate>;
export type VersionPatch = z.infer<typeof VersionPatch>;

export const DeploymentFields = z.object({
  productVersion: z.string().nullable(),
  environment: z.string().nullable(),
  locationClass: z.string().nullable(),
  serviceName: z.string().max(200),
  binaryName: z.string().max(200),
  runtime: z.string().nullable(),
  openPorts: z.array(z.number().int().min(1).max(65535)).max(100),
  notes: z.string().max(10_000),
});
export const DeploymentCreate = DeploymentFields.partial();
export const Deployment = DeploymentFields.extend({ id: z.string() });
export type Deployment = z.infer<typeof Deployment>;

export const DependencyCreate = z.object({
  from: z.string().describe('component ref or namespace/name'),
  fromVersion: z.string().optional(),
  to: z.string(),
  type: z.enum(DEPENDENCY_TYPES),
  notes: z.string().max(10_000).default(''),
});
export const Dependency = z.object({
  id: z.string(),
  from: z.string(),
  fromVersion: z.string().nullable(),
  to: z.string(),
  type: z.enum(DEPENDENCY_TYPES),
  notes: z.string(),
});
export type Dependency = z.infer<typeof Dependency>;
export type DependencyCreate = z.input<typeof DependencyCreate>;

export const PersonFields = z.object({
  name: z.string().max(200),
  email: z.string().max(320),
  title: z.string().max(200),
  organization: z.string().max(200),
  department: z.string().max(200),
  manager: z.string().nullable().describe('manager username'),
  officePhone: z.string().max(60),
  mobilePhone: z.string().max(60),
  employeeNumber: z.string().max(60),
  photo: z.string().max(200_000),
  hidden: z.boolean(),
  role: z.enum(['admin', 'member']),
});
export const Username = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits and . _ @ -');
/** The rule for every password Argus stores, whoever sets it. */
export const NewPassword = z.string().min(10, 'at least 10 characters').max(200);
export const PersonCreate = PersonFields.partial().extend({
  username: Username,
  password: NewPassword.optional().describe('initial local password'),
});
export const PersonPatch = PersonFields.partial().extend({
  // One way to change a password, the one that ends sessions: refuse it here rather than drop it.
  password: z
    .never({ error: 'change a password with POST /api/people/{username}/password' })
    .optional()
    .describe('not here: a password changes with POST /api/people/{username}/password'),
});
export const PasswordChange = z.object({
  currentPassword: z
    .string()
    .max(1000)
    .optional()
    .describe('required when changing your own password; ignored for an admin reset'),
  newPassword: NewPassword,
  revokeApiTokens: z
    .boolean()
    .default(true)
    .describe("also revoke the person's API tokens (default true)"),
});
export const PasswordChanged = z.object({
  sessionsEnded: z
    .int()
    .min(0)
    .describe('sessions ended: your other ones, or all of them on an admin reset'),
  apiTokensRevoked: z.int().min(0),
});
export type PasswordChanged = z.infer<typeof PasswordChanged>;
export const Person = PersonFields.extend({
  id: z.string(),
  username: z.string(),
  directoryDn: z.string().nullable(),
  teams: z.array(z.string()),
});
export type Person = z.infer<typeof Person>;

/** What a person answers for: the teams they belong to and the components they own or hold roles on. */
export const PersonResponsibilities = z.object({
  username: z.string(),
  teams: z
    .array(
      z.object({
        name: z.string(),
        title: z.string(),
        via: z
          .string()
          .nullable()
          .describe('the team above it the person is a member of; null for a direct membership'),
      }),
    )
    .describe('teams the person belongs to, directly or as a member of a team above them'),
  components: z
    .array(
      z.object({
        ref: z.string(),
        title: z.string(),
        lifecycle: z.string(),
        owner: z.string().nullable(),
        ownerRef: z
          .string()
          .nullable()
          .describe(
            '`group:<team>` or `user:<username>`: `user:` and their username when they own it',
          ),
        ownerTeam: z
          .string()
          .nullable()
          .describe("the person's team that owns the component (the owner or a team above it)"),
        roles: z
          .array(z.object({ role: z.enum(VERSION_ROLES), versions: z.array(z.string()) }))
          .describe('roles held on versions of the component, with the versions, newest first'),
      }),
    )
    .describe('one page of the components the person or their teams own or they hold roles on'),
  entities: z
    .array(
      z.object({
        ref: z.string().describe('`system:ns/name`, `domain:...`, `api:...` or `resource:...`'),
        title: z.string(),
        lifecycle: z.string(),
        ownerTeam: z
          .string()
          .nullable()
          .describe("the person's team that owns it; null when the person owns it themselves"),
      }),
    )
    .describe('systems, domains, APIs and resources the person or one of their teams owns'),
  total: z.number().describe('components in all pages'),
  nextCursor: z.string().nullable().describe('where the next page of components starts'),
});
export type PersonResponsibilities = z.infer<typeof PersonResponsibilities>;

/** A page of a person's components: the components list alone is paged, in reference order. */
export const ResponsibilitiesQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type ResponsibilitiesQuery = z.infer<typeof ResponsibilitiesQuery>;

export const TeamFields = z.object({
  title: z.string().max(200),
  description: z.string().max(10_000),
  parent: z.string().nullable(),
  email: z.string().max(320),
  chatChannel: z.string().max(200),
  type: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .describe("Backstage's group type: team, business-unit, product-area, ... (default team)"),
  members: z.array(z.string()).max(5000).describe('usernames'),
});
export const TeamCreate = TeamFields.partial().extend({ name: EntityName });
export const TeamPatch = TeamFields.partial().extend({ name: EntityName.optional() });
export const Team = TeamFields.extend({ id: z.string(), name: z.string() });
export type Team = z.infer<typeof Team>;

/**
 * What the asking person may do with a component and its parts, from the same checks the writes
 * make (src/catalog/rights.ts): a client shows only these actions.
 */
export const ComponentRights = z.object({
  edit: z.boolean().describe('edit the component (PATCH)'),
  delete: z.boolean(),
  addVersion: z.boolean(),
  addDependency: z.boolean().describe('add dependencies from this component'),
  removeDependencies: z
    .array(z.string())
    .describe('ids of the listed dependencies (both ways) you may remove'),
  versions: z
    .record(
      z.string(),
      z.object({
        edit: z
          .array(z.string())
          .describe("fields you may edit: all for owners, a role holder's role fields"),
        delete: z.boolean(),
        deployments: z.boolean().describe('record and remove deployments'),
      }),
    )
    .describe('per version string'),
});
export type ComponentRights = z.infer<typeof ComponentRights>;

/** What the asking person may do with a team (admins; members of it or of a team above it edit). */
export const TeamRights = z.object({
  edit: z.boolean().describe('edit fields and members'),
  move: z.boolean().describe('change the parent team'),
  delete: z.boolean(),
});
export type TeamRights = z.infer<typeof TeamRights>;

export const ReferenceItemCreate = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(''),
  position: z.number().int().default(0),
  parent: z.string().nullable().default(null),
  extra: boundedJson(FreeJson).default({}),
});
export const ReferenceItemPatch = ReferenceItemCreate.partial();
export const ReferenceItem = z.object({
  id: z.string(),
  list: z.enum(REFERENCE_LISTS),
  name: z.string(),
  description: z.string(),
  position: z.number(),
  parent: z.string().nullable(),
  extra: z.record(z.string(), z.unknown()),
});
export type ReferenceItem = z.infer<typeof ReferenceItem>;

export const FACETS = [
  'category',
  'type',
  'lifecycle',
  'owner',
  'tags',
  'languages',
  'vendor',
  'system',
  'space',
] as const;
export const SORTS = [
  'name',
  'title',
  'category',
  'type',
  'lifecycle',
  'owner',
  'updated',
  'privacyClass',
] as const;

export const ListQuery = z.object({
  filter: z.string().max(10_000).optional().describe('DSL expression (PRODUCT 4)'),
  q: z.string().max(500).optional().describe('full-text search'),
  sort: z.string().optional().describe('field, or -field for descending'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  facets: z.string().optional().describe('comma-separated facet fields'),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const FacetCounts = z.record(
  z.string(),
  z.array(z.object({ value: z.string().nullable(), count: z.number() })),
);

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number(),
    nextCursor: z.string().nullable(),
    facets: FacetCounts.optional(),
  });
}

export const GraphNode = z.object({
  kind: z.enum(['component', 'system', 'domain', 'api', 'resource']),
  ref: z.string(),
  name: z.string(),
  title: z.string(),
  type: z.string().nullable(),
  lifecycle: z.string(),
  owner: z.string().nullable(),
});
export const GraphEdge = z.object({
  from: z.string(),
  to: z.string(),
  type: z
    .string()
    .describe(
      'a dependency type (strong_rw, ...), or provides, consumes, dependsOn (a resource), partOf',
    ),
});
/** Which way a graph around a component walks: what it depends on, what depends on it, or both. */
export const GRAPH_DIRECTIONS = ['upstream', 'downstream', 'both'] as const;
export type GraphDirection = (typeof GRAPH_DIRECTIONS)[number];
export const Graph = z.object({
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
  truncated: z.boolean(),
});
export type Graph = z.infer<typeof Graph>;

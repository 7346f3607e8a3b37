import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { people } from '../platform/auth/schema.js';
import type { Authenticator } from '../platform/auth/service.js';
import type { EventBus } from '../platform/bus.js';
import type { Actor, RequestContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { GenerationCache } from '../platform/read-cache.js';
import { inTransaction, type Work } from '../platform/unit-of-work.js';
import { ComponentFieldRegistry } from './component-field-providers.js';
import {
  createComponent,
  deleteComponent,
  presentComponents,
  requireComponent,
  updateComponent,
} from './components.js';
import type * as C from './contract.js';
import {
  addDependency,
  dependenciesOf,
  dependencyGraph,
  dependencyStartOwners,
  removeDependency,
} from './dependencies.js';
import { componentEntities, searchEntities } from './entities/component-view.js';
import type { ComponentEntities, EntityKind } from './entities/contract.js';
import { addEntitiesToGraph, entityGraph, isEntityRoot } from './entities/graph.js';
import { FacetIndex } from './facet-index.js';
import { type ComponentPage, fullTextCondition, listComponents } from './list.js';
import {
  changePassword,
  createPerson,
  deletePerson,
  getPerson,
  listPeople,
  updatePerson,
} from './people.js';
import {
  assertList,
  createReferenceItem,
  deleteReferenceItem,
  listReferenceItems,
  updateReferenceItem,
} from './reference.js';
import { responsibilitiesOf } from './responsibilities.js';
import { componentRights, teamRights } from './rights.js';
import { components, teams } from './schema.js';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.js';
import {
  addDeployment,
  createVersion,
  deleteVersion,
  listVersions,
  removeDeployment,
  updateVersion,
} from './versions.js';

export interface ComponentPageView extends ComponentEntities {
  component: C.Component;
  /** Whether the asking person may edit it (owner, owner team member or admin): may.edit. */
  canEdit: boolean;
  /** What the asking person may do here; the page offers only that. */
  may: C.ComponentRights;
  versions: C.Version[];
  dependsOn: C.Dependency[];
  dependents: C.Dependency[];
}

export interface SearchHit {
  kind: 'component' | 'person' | 'team' | EntityKind;
  ref: string;
  title: string;
  subtitle: string;
}

/**
 * The catalog: components, versions, dependencies, people, teams and reference lists. Every
 * write runs in one transaction with its audit events and publishes change events after commit.
 */
export class CatalogService {
  /** Totals and facet counts without a scan (facet-index.ts); loads on the first list. */
  readonly facetIndex: FacetIndex;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {
    this.facetIndex = new FacetIndex(db, bus);
  }

  private write<T>(ctx: RequestContext, fn: (work: Work) => Promise<T>): Promise<T> {
    return inTransaction(this.db, this.bus, ctx, fn);
  }

  private readonly listCache = new GenerationCache<ComponentPage>();

  /** Component filter fields other modules compute (registered by the composition root). */
  readonly componentFields = new ComponentFieldRegistry();

  listComponents(query: C.ListQuery) {
    return listComponents(this.db, query, this.listCache, this.facetIndex, this.componentFields);
  }

  async componentPage(ref: string, actor: Actor | null = null): Promise<ComponentPageView> {
    const row = await requireComponent(this.db, ref);
    const [component] = await presentComponents(this.db, [row]);
    const [versions, deps] = await Promise.all([
      listVersions(this.db, row.id),
      dependenciesOf(this.db, row.id),
    ]);
    const listed = [...deps.dependsOn, ...deps.dependents].map((d) => d.id);
    const startOwners = new Map(
      (await dependencyStartOwners(this.db, listed)).map((d) => [d.id, d]),
    );
    const noOwner = { ownerTeamId: null, ownerPersonId: null };
    const may = await componentRights(
      this.db,
      actor,
      row,
      versions,
      listed.map((id) => ({ id, from: startOwners.get(id) ?? noOwner })),
    );
    const entities = await componentEntities(this.db, row);
    return { component: component!, ...entities, canEdit: may.edit, may, versions, ...deps };
  }

  createComponent(ctx: RequestContext, input: z.output<typeof C.ComponentCreate>) {
    return this.write(ctx, (w) => createComponent(w, ctx, input));
  }
  updateComponent(ctx: RequestContext, ref: string, patch: z.output<typeof C.ComponentPatch>) {
    return this.write(ctx, (w) => updateComponent(w, ctx, ref, patch));
  }
  deleteComponent(ctx: RequestContext, ref: string) {
    return this.write(ctx, (w) => deleteComponent(w, ctx, ref));
  }

  createVersion(ctx: RequestContext, ref: string, input: C.VersionCreate) {
    return this.write(ctx, (w) => createVersion(w, ctx, ref, input));
  }
  updateVersion(ctx: RequestContext, ref: string, version: string, patch: C.VersionPatch) {
    return this.write(ctx, (w) => updateVersion(w, ctx, ref, version, patch));
  }
  deleteVersion(ctx: RequestContext, ref: string, version: string) {
    return this.write(ctx, (w) => deleteVersion(w, ctx, ref, version));
  }
  addDeployment(
    ctx: RequestContext,
    ref: string,
    version: string,
    input: z.output<typeof C.DeploymentCreate>,
  ) {
    return this.write(ctx, (w) => addDeployment(w, ctx, ref, version, input));
  }
  removeDeployment(ctx: RequestContext, ref: string, id: string) {
    return this.write(ctx, (w) => removeDeployment(w, ctx, ref, id));
  }

  addDependency(ctx: RequestContext, input: z.output<typeof C.DependencyCreate>) {
    return this.write(ctx, (w) => addDependency(w, ctx, input));
  }
  removeDependency(ctx: RequestContext, id: string) {
    return this.write(ctx, (w) => removeDependency(w, ctx, id));
  }
  graph(root: string | undefined, depth: number, direction: C.GraphDirection = 'both') {
    // Around a system, domain, API or resource: what belongs to it and what relates to it.
    if (isEntityRoot(root)) return entityGraph(this.db, root);
    const graph = dependencyGraph(this.db, root, depth, direction);
    // Systems, domains, APIs and resources join the components they are related to.
    return graph.then((g) => addEntitiesToGraph(this.db, g, root === undefined));
  }

  listPeople(options: { q?: string; limit: number; includeHidden: boolean }) {
    return listPeople(this.db, options);
  }
  getPerson(username: string) {
    return getPerson(this.db, username);
  }
  responsibilitiesOf(username: string, page?: C.ResponsibilitiesQuery) {
    return responsibilitiesOf(this.db, username, page);
  }
  createPerson(ctx: RequestContext, input: z.output<typeof C.PersonCreate>) {
    return this.write(ctx, (w) => createPerson(w, ctx, input));
  }
  updatePerson(ctx: RequestContext, username: string, patch: z.output<typeof C.PersonPatch>) {
    return this.write(ctx, (w) => updatePerson(w, ctx, username, patch));
  }
  /** `authenticators` check a person's current password (none needed for an admin reset). */
  changePassword(
    ctx: RequestContext,
    username: string,
    input: z.output<typeof C.PasswordChange>,
    authenticators: readonly Authenticator[] = [],
  ) {
    return this.write(ctx, (w) => changePassword(w, ctx, username, input, authenticators));
  }
  deletePerson(ctx: RequestContext, username: string) {
    return this.write(ctx, (w) => deletePerson(w, ctx, username));
  }

  listTeams() {
    return listTeams(this.db);
  }
  getTeam(name: string) {
    return getTeam(this.db, name);
  }
  /** A team with what the asking person may do with it. */
  async teamPage(name: string, actor: Actor | null): Promise<C.Team & { may: C.TeamRights }> {
    const team = await getTeam(this.db, name);
    return { ...team, may: await teamRights(this.db, actor, team.id) };
  }
  createTeam(ctx: RequestContext, input: z.output<typeof C.TeamCreate>) {
    return this.write(ctx, (w) => createTeam(w, ctx, input));
  }
  updateTeam(ctx: RequestContext, name: string, patch: z.output<typeof C.TeamPatch>) {
    return this.write(ctx, (w) => updateTeam(w, ctx, name, patch));
  }
  deleteTeam(ctx: RequestContext, name: string) {
    return this.write(ctx, (w) => deleteTeam(w, ctx, name));
  }

  listReference(list: string) {
    return listReferenceItems(this.db, assertList(list));
  }
  createReference(
    ctx: RequestContext,
    list: string,
    input: z.output<typeof C.ReferenceItemCreate>,
  ) {
    return this.write(ctx, (w) => createReferenceItem(w, ctx, assertList(list), input));
  }
  updateReference(
    ctx: RequestContext,
    list: string,
    name: string,
    patch: Partial<z.output<typeof C.ReferenceItemCreate>>,
  ) {
    return this.write(ctx, (w) => updateReferenceItem(w, ctx, assertList(list), name, patch));
  }
  deleteReference(ctx: RequestContext, list: string, name: string) {
    return this.write(ctx, (w) => deleteReferenceItem(w, ctx, assertList(list), name));
  }

  /** The global search (Ctrl+K): components, people and teams in one answer. */
  async search(q: string, limit = 8): Promise<SearchHit[]> {
    const text = q.trim();
    if (text === '') return [];
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const fts = fullTextCondition(text);
    const [found, persons, teamRows] = await Promise.all([
      fts
        ? this.db
            .select({
              namespace: components.namespace,
              name: components.name,
              title: components.title,
              owner: components.owner,
            })
            .from(components)
            .where(fts)
            .orderBy(asc(components.name))
            .limit(limit)
        : Promise.resolve([]),
      this.db
        .select({ username: people.username, name: people.name, title: people.title })
        .from(people)
        .where(
          sql`${eq(people.hidden, false)} AND (${people.username} ILIKE ${pattern} OR ${people.name} ILIKE ${pattern})`,
        )
        .orderBy(asc(people.username))
        .limit(limit),
      this.db
        .select({ name: teams.name, title: teams.title })
        .from(teams)
        .where(sql`${teams.name} ILIKE ${pattern} OR ${teams.title} ILIKE ${pattern}`)
        .orderBy(asc(teams.name))
        .limit(limit),
    ]);
    const entityHits = await searchEntities(this.db, text, limit);
    return [
      ...found.map((c) => ({
        kind: 'component' as const,
        ref: `component:${c.namespace}/${c.name}`,
        title: c.title || c.name,
        subtitle: c.owner ?? '',
      })),
      ...persons.map((p) => ({
        kind: 'person' as const,
        ref: `person:${p.username}`,
        title: p.name || p.username,
        subtitle: p.title,
      })),
      ...entityHits,
      ...teamRows.map((t) => ({
        kind: 'team' as const,
        ref: `group:${t.name}`,
        title: t.title || t.name,
        subtitle: t.name,
      })),
    ];
  }
}

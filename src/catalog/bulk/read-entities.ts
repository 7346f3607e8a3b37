import { people } from '../../platform/auth/schema.js';
import type { Db } from '../../platform/db.js';
import type { Lifecycle } from '../contract.js';
import { formatEntityRef } from '../entities/refs.js';
import { catalogEntities, components, entityRelations, teams } from '../schema.js';
import { byText, sortKeys } from './read.js';
import type { EntityRecord, RelationRecord } from './records.js';

/** Systems, domains, APIs and resources as records, by kind, namespace and name. */
export async function readEntities(
  db: Db,
): Promise<{ entities: EntityRecord[]; relations: RelationRecord[] }> {
  const [rows, teamRows, personRows, componentRows, relationRows] = await Promise.all([
    db.select().from(catalogEntities),
    db.select({ id: teams.id, name: teams.name }).from(teams),
    db.select({ id: people.id, username: people.username }).from(people),
    db
      .select({ id: components.id, namespace: components.namespace, name: components.name })
      .from(components),
    db.select().from(entityRelations),
  ]);
  const team = new Map(teamRows.map((t) => [t.id, t.name]));
  const person = new Map(personRows.map((p) => [p.id, p.username]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const nameOf = (id: string | null) => {
    const r = id ? byId.get(id) : undefined;
    return r ? `${r.namespace}/${r.name}` : null;
  };
  rows.sort(
    (a, b) => byText(a.kind, b.kind) || byText(a.namespace, b.namespace) || byText(a.name, b.name),
  );
  const entities: EntityRecord[] = rows.map((r) => ({
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    title: r.title,
    description: r.description,
    type: r.type,
    lifecycle: r.lifecycle as Lifecycle,
    owner: r.ownerTeamId
      ? `group:${team.get(r.ownerTeamId)}`
      : r.ownerPersonId
        ? `user:${person.get(r.ownerPersonId)}`
        : null,
    system: nameOf(r.systemId),
    domain: nameOf(r.domainId),
    definition: r.definition,
    definitionUrl: r.definitionUrl,
    tags: r.tags,
    labels: sortKeys(r.labels),
    annotations: sortKeys(r.annotations),
    links: r.links.map((l) => sortKeys(l)),
  }));
  const component = new Map(componentRows.map((c) => [c.id, `${c.namespace}/${c.name}`]));
  const relations: RelationRecord[] = relationRows
    .map((r) => ({
      component: component.get(r.componentId)!,
      type: r.type,
      entity: formatEntityRef(byId.get(r.entityId)!),
    }))
    .sort(
      (a, b) =>
        byText(a.component, b.component) || byText(a.type, b.type) || byText(a.entity, b.entity),
    );
  return { entities, relations };
}

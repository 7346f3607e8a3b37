import { parseAllDocuments } from 'yaml';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { FieldProblem } from '../../platform/errors.js';
import { entityKey, relationKey } from '../bulk/keys.js';
import { readCatalogNames } from '../bulk/names.js';
import { jsonSizeProblem, LIFECYCLES, type Lifecycle, linkProblem } from '../contract.js';
import type { EntityKind, RelationType } from '../entities/contract.js';
import { systemName } from '../entities/refs.js';
import { importContent } from './apply.js';
import { BACKSTAGE_KINDS, CHAT_ANNOTATION, USER_ANNOTATIONS } from './backstage-export.js';
import type { BackstageFile } from './backstage-files.js';
import { type ComponentDoc, type EntityDoc, emptyContent } from './document.js';
import { invalidInput } from './errors.js';
import { asText, checkSize, lineColumn } from './input.js';
import { keys } from './keys.js';
import { type ImportOptions, type ImportReport, ModelCounter, type RecordNote } from './report.js';

export { BACKSTAGE_API_VERSION, exportBackstage, toBackstageYaml } from './backstage-export.js';
export { type BackstageFile, readBackstagePath } from './backstage-files.js';

/**
 * Backstage catalog descriptors (catalog-info.yaml, multi-document YAML). Import reads every
 * kind: Group (teams, with their type and parent), User (people), Component, System, Domain,
 * API and Resource (catalog entities, see catalog/entities), and the relations between them
 * (owner, system, domain, dependsOn on components and resources, providesApis, consumesApis).
 * Location entities are followed when files are read (backstage-files.ts) and not stored. What
 * is not kept is named in the report, per entity, with the reason. Export writes every kind
 * back (backstage-export.ts); exporting, importing into an empty Argus and exporting again gives
 * the same YAML. Backstage has no dependency types: `dependsOn` imports as `strong_rw`.
 */

/** Kinds Argus stores as catalog entities, by Backstage's name. */
const ENTITY_KIND_OF: Record<string, EntityKind> = Object.fromEntries(
  Object.entries(BACKSTAGE_KINDS).map(([kind, name]) => [name, kind as EntityKind]),
);
const REPORT_KINDS = [
  'Group',
  'User',
  'Domain',
  'System',
  'Component',
  'API',
  'Resource',
  'Location',
];

interface Entity {
  file: string;
  /** Line of the entity's first key. */
  line: number;
  /** Line of a value inside the entity (`spec.owner`), or of the entity. */
  lineOf(path: string): number;
  kind: string;
  apiVersion: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => String(x)) : typeof v === 'string' ? [v] : [];
const stringMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(obj(v)).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]),
  );

/** Parses every document of every file; syntax errors are problems naming file, line and column. */
export function parseBackstageFiles(files: BackstageFile[]): Entity[] {
  const problems: FieldProblem[] = [];
  const entities: Entity[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(file.text);
    const list = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      const contentStart = (doc.contents as { range?: [number, number, number] } | null)
        ?.range?.[0];
      const start = lineColumn(file.text, contentStart ?? doc.range[0]).line;
      if (doc.errors.length > 0) {
        for (const error of doc.errors.slice(0, 5)) {
          const pos = error.linePos?.[0];
          problems.push({
            field: `${file.path}:${pos ? `${pos.line}:${pos.col}` : start}`,
            reason: `not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
          });
        }
        continue;
      }
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      const where = `${file.path}:${start}`;
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push({
          field: where,
          reason: 'expected an entity (a mapping with apiVersion, kind, metadata and spec)',
        });
        continue;
      }
      const v = value as Record<string, unknown>;
      const metadata = obj(v.metadata);
      if (typeof v.kind !== 'string' || !v.kind)
        problems.push({ field: `${where} kind`, reason: 'missing: every entity has a kind' });
      if (typeof metadata.name !== 'string' || !metadata.name)
        problems.push({
          field: `${where} metadata.name`,
          reason: 'missing: every entity has a name',
        });
      const text = file.text;
      entities.push({
        file: file.path,
        line: start,
        lineOf(path) {
          const node = doc.getIn(path.split('.'), true) as
            | { range?: [number, number, number] }
            | undefined;
          return node?.range ? lineColumn(text, node.range[0]).line : start;
        },
        kind: String(v.kind ?? ''),
        apiVersion: String(v.apiVersion ?? ''),
        metadata,
        spec: obj(v.spec),
      });
    }
  }
  if (problems.length > 0) throw invalidInput(problems);
  return entities;
}

/** `group:default/x`, `group:x`, `x` -> `x` (teams and people have no namespaces in Argus). */
function entityName(ref: string, kind: string): string {
  const body = ref.trim().replace(new RegExp(`^${kind}:`, 'i'), '');
  const slash = body.lastIndexOf('/');
  return slash >= 0 ? body.slice(slash + 1) : body;
}

function refKind(ref: string): string | null {
  const m = /^([A-Za-z]+):/.exec(ref.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** A ref of `kind` relative to the referring entity's namespace, as Backstage resolves it. */
function relativeRef(
  ref: string,
  kind: string,
  namespace: string,
): { namespace: string; name: string } {
  const body = ref.trim().replace(new RegExp(`^${kind}:`, 'i'), '');
  const slash = body.indexOf('/');
  return slash >= 0
    ? { namespace: body.slice(0, slash), name: body.slice(slash + 1) }
    : { namespace, name: body };
}

/** What exists already, so references to entities outside the file resolve. */
interface Known {
  /** By lower-cased name: the team's name and members. */
  teams: Map<string, { name: string; members: string[] }>;
  people: Set<string>;
  components: Set<string>;
  /** Systems, domains, APIs and resources by entityKey. */
  entities: Set<string>;
}

async function loadKnown(db: Db): Promise<Known> {
  const names = await readCatalogNames(db);
  return {
    teams: new Map(
      names.teams.map((t) => [
        t.name.toLowerCase(),
        {
          name: t.name,
          members: names.members.filter((m) => m.teamId === t.id).map((m) => m.username),
        },
      ]),
    ),
    people: new Set(names.people.map((p) => p.username.toLowerCase())),
    components: new Set(names.components.map((c) => keys.component(c.namespace, c.name))),
    entities: new Set(names.entities.map((e) => entityKey(e.kind, e.namespace, e.name))),
  };
}

export interface BackstageMapping {
  content: ReturnType<typeof emptyContent>;
  /** Each entity read, with the natural key its outcome is recorded under (null: not stored). */
  entities: { kind: string; key: string | null; name: string }[];
  /** Relations read, by the spec field that holds them, with their natural keys. */
  relations: { field: string; key: string }[];
  notes: RecordNote[];
  warnings: string[];
}

function lifecycleOf(text: string | undefined): { lifecycle: Lifecycle; unknown: string | null } {
  const value = (text ?? '').trim().toLowerCase();
  if (value === 'production') return { lifecycle: 'mature', unknown: null };
  if ((LIFECYCLES as readonly string[]).includes(value))
    return { lifecycle: value as Lifecycle, unknown: null };
  return { lifecycle: 'unknown', unknown: value || null };
}

/** Spec fields of each kind that Argus has no place for: named in the report when present. */
const NOT_KEPT: Record<string, string[]> = {
  Component: ['subcomponentOf', 'dependencyOf'],
  Resource: ['dependsOn', 'dependencyOf'],
  System: ['dependsOn'],
  Domain: ['subdomainOf'],
  Group: [],
  User: [],
  API: [],
};

export function mapBackstage(entities: Entity[], known: Known): BackstageMapping {
  const content = emptyContent();
  const warnings: string[] = [];
  const notes: RecordNote[] = [];
  const problems: FieldProblem[] = [];
  const at = (e: Entity, field: string) => `${e.file}:${e.lineOf(field)} ${field}`;
  const label = (e: Entity) =>
    `${e.file}:${e.line} ${e.kind || '(no kind)'} ${str(e.metadata.namespace) ? `${str(e.metadata.namespace)}/` : ''}${String(e.metadata.name ?? '')}`;
  const note = (e: Entity, outcome: RecordNote['outcome'], reason: string) =>
    notes.push({ model: e.kind || '(no kind)', record: label(e), outcome, reason });
  const mapped: BackstageMapping['entities'] = [];
  const relations: BackstageMapping['relations'] = [];

  const groups = entities.filter((e) => e.kind === 'Group');
  const users = entities.filter((e) => e.kind === 'User');
  const teamsInFile = new Set(groups.map((g) => String(g.metadata.name).toLowerCase()));
  const peopleInFile = new Set(users.map((u) => String(u.metadata.name).toLowerCase()));
  const teamExists = (name: string) =>
    teamsInFile.has(name.toLowerCase()) || known.teams.has(name.toLowerCase());
  const personExists = (name: string) =>
    peopleInFile.has(name.toLowerCase()) || known.people.has(name.toLowerCase());
  const entitiesInFile = new Set(
    entities
      .filter((e) => ENTITY_KIND_OF[e.kind])
      .map((e) =>
        entityKey(
          ENTITY_KIND_OF[e.kind]!,
          str(e.metadata.namespace) ?? 'default',
          String(e.metadata.name),
        ),
      ),
  );
  const entityExists = (kind: EntityKind, ref: { namespace: string; name: string }) => {
    const key = entityKey(kind, ref.namespace, ref.name);
    return entitiesInFile.has(key) || known.entities.has(key);
  };

  for (const e of entities) {
    for (const field of NOT_KEPT[e.kind] ?? [])
      if (e.spec[field] !== undefined)
        note(e, 'changed', `spec.${field} is not kept: Argus has no place for it on a ${e.kind}`);
  }

  // Members come from a Group's spec.members and from each User's spec.memberOf.
  const members = new Map<string, Set<string>>();
  const addMember = (team: string, user: string) => {
    const key = team.toLowerCase();
    const set =
      members.get(key) ??
      new Set(teamsInFile.has(key) ? [] : (known.teams.get(key)?.members ?? []));
    set.add(user);
    members.set(key, set);
  };
  const parentOf = new Map<string, string>();
  for (const g of groups) {
    const name = String(g.metadata.name);
    const parent = str(g.spec.parent);
    if (parent) parentOf.set(name.toLowerCase(), entityName(parent, 'group'));
    for (const child of strings(g.spec.children)) {
      const childName = entityName(child, 'group').toLowerCase();
      if (!parentOf.has(childName)) parentOf.set(childName, name);
    }
    for (const m of strings(g.spec.members)) {
      const user = entityName(m, 'user');
      if (!personExists(user))
        problems.push({
          field: at(g, 'spec.members'),
          reason: `no user "${user}" in the files or in Argus`,
        });
      else addMember(name, user);
    }
  }
  for (const u of users) {
    const username = String(u.metadata.name);
    for (const t of strings(u.spec.memberOf)) {
      const team = entityName(t, 'group');
      if (!teamExists(team))
        problems.push({
          field: at(u, 'spec.memberOf'),
          reason: `no group "${team}" in the files or in Argus`,
        });
      else addMember(team, username);
    }
    const profile = obj(u.spec.profile);
    const annotations = stringMap(u.metadata.annotations);
    content.people.push({
      username,
      name: str(profile.displayName) ?? str(u.metadata.title) ?? '',
      email: str(profile.email) ?? '',
      ...(annotations[USER_ANNOTATIONS.title] !== undefined
        ? { title: annotations[USER_ANNOTATIONS.title] }
        : {}),
      ...(annotations[USER_ANNOTATIONS.department] !== undefined
        ? { department: annotations[USER_ANNOTATIONS.department] }
        : {}),
    });
    mapped.push({ kind: 'User', key: keys.person(username), name: username });
  }
  for (const g of groups) {
    const name = String(g.metadata.name);
    const profile = obj(g.spec.profile);
    const parent = parentOf.get(name.toLowerCase()) ?? null;
    if (parent && !teamExists(parent))
      problems.push({
        field: at(g, 'spec.parent'),
        reason: `no group "${parent}" in the files or in Argus`,
      });
    const annotations = stringMap(g.metadata.annotations);
    content.teams.push({
      name,
      title: str(profile.displayName) ?? str(g.metadata.title) ?? '',
      description: str(g.metadata.description) ?? '',
      email: str(profile.email) ?? '',
      ...(annotations[CHAT_ANNOTATION] !== undefined
        ? { chatChannel: annotations[CHAT_ANNOTATION] }
        : {}),
      type: str(g.spec.type)?.trim() || 'team',
      parent,
      members: [...(members.get(name.toLowerCase()) ?? [])],
    });
    mapped.push({ kind: 'Group', key: keys.team(name), name });
  }
  // Users may join teams that are not in the files: those keep their members and gain these.
  for (const [team, set] of members) {
    if (teamsInFile.has(team)) continue;
    content.teams.push({ name: known.teams.get(team)?.name ?? team, members: [...set] });
  }

  /** The owner as the document writes it (`group:x`, `user:x`), or a problem. */
  const ownerOf = (e: Entity): string | null => {
    const ownerRef = str(e.spec.owner);
    if (!ownerRef) return null;
    const kind = refKind(ownerRef) ?? 'group';
    const ownerName = entityName(ownerRef, kind);
    if (kind === 'user') {
      if (!personExists(ownerName)) {
        problems.push({
          field: at(e, 'spec.owner'),
          reason: `no user "${ownerName}" in the files or in Argus`,
        });
        return null;
      }
      return `user:${ownerName}`;
    }
    if (!teamExists(ownerName)) {
      problems.push({
        field: at(e, 'spec.owner'),
        reason: `no group "${ownerName}" in the files or in Argus`,
      });
      return null;
    }
    return `group:${ownerName}`;
  };
  /** Common metadata, checked by the API's rules (catalog/contract.ts). */
  const metadataOf = (e: Entity) => {
    const m = e.metadata;
    const doc = {
      title: str(m.title) ?? '',
      description: str(m.description) ?? '',
      tags: strings(m.tags),
      labels: stringMap(m.labels),
      annotations: stringMap(m.annotations),
      links: (Array.isArray(m.links) ? m.links : []).map((l) => {
        const link = obj(l);
        return {
          url: str(link.url) ?? '',
          ...(str(link.title) !== undefined ? { title: str(link.title) } : {}),
          ...(str(link.type) !== undefined ? { type: str(link.type) } : {}),
        };
      }),
    };
    for (const field of ['labels', 'annotations'] as const) {
      const fault = jsonSizeProblem(doc[field]);
      if (fault) problems.push({ field: at(e, `metadata.${field}`), reason: fault });
    }
    doc.links.forEach((l, i) => {
      const fault = linkProblem(l.url);
      if (fault)
        problems.push({
          field: at(e, `metadata.links.${i}.url`),
          reason: `"${l.url.slice(0, 100)}": ${fault}`,
        });
    });
    return doc;
  };
  const lifecycle = (e: Entity, name: string) => {
    const { lifecycle: value, unknown } = lifecycleOf(str(e.spec.lifecycle));
    if (unknown) {
      warnings.push(
        `${e.file}:${e.line} ${name}: lifecycle "${unknown}" is not an Argus lifecycle; imported as "unknown"`,
      );
      note(e, 'changed', `lifecycle "${unknown}" is not an Argus lifecycle; imported as "unknown"`);
    }
    return value;
  };
  /** `ns/name` of a system or domain the entity names, relative to its namespace, or a problem. */
  const belongsTo = (e: Entity, kind: 'system' | 'domain', namespace: string): string | null => {
    const text = str(e.spec[kind]);
    if (!text) return null;
    const ref = relativeRef(text, kind, namespace);
    if (!entityExists(kind, ref)) {
      problems.push({
        field: at(e, `spec.${kind}`),
        reason: `no ${kind} ${ref.namespace}/${ref.name} in the files or in Argus`,
      });
      return null;
    }
    return `${ref.namespace}/${ref.name}`;
  };

  for (const e of entities) {
    const kind = ENTITY_KIND_OF[e.kind];
    if (!kind) continue;
    const namespace = str(e.metadata.namespace) ?? 'default';
    const name = String(e.metadata.name);
    const doc: EntityDoc = {
      kind,
      namespace,
      name,
      ...metadataOf(e),
      type: str(e.spec.type) ?? null,
      lifecycle: e.spec.lifecycle === undefined ? 'unknown' : lifecycle(e, name),
      owner: ownerOf(e),
      ...(kind === 'system' ? { domain: belongsTo(e, 'domain', namespace) } : {}),
      ...(kind === 'api' || kind === 'resource'
        ? { system: belongsTo(e, 'system', namespace) }
        : {}),
    };
    if (kind === 'api') {
      const definition = e.spec.definition;
      const text = obj(definition).$text;
      if (typeof definition === 'string') doc.definition = definition;
      else if (typeof text === 'string' && /^https?:\/\//i.test(text)) doc.definitionUrl = text;
      else if (definition !== undefined)
        note(e, 'changed', 'spec.definition is neither text nor a $text URL: not kept');
    }
    content.entities.push(doc);
    mapped.push({ kind: e.kind, key: entityKey(kind, namespace, name), name });
  }

  const componentsInFile = new Set(
    entities
      .filter((e) => e.kind === 'Component')
      .map((e) => keys.component(str(e.metadata.namespace) ?? 'default', String(e.metadata.name))),
  );
  for (const e of entities) {
    if (e.kind === 'Group' || e.kind === 'User' || ENTITY_KIND_OF[e.kind]) continue;
    if (e.kind === 'Location') {
      const targets = [...strings(e.spec.targets), ...strings(e.spec.target)];
      const remote = targets.filter((t) => /^[a-z][a-z0-9+.-]*:\/\//i.test(t));
      note(
        e,
        'skipped',
        `a Location is not stored: its targets are read with the files${remote.length ? `; not fetched: ${remote.join(', ')}` : ''}`,
      );
      mapped.push({ kind: 'Location', key: null, name: String(e.metadata.name) });
      continue;
    }
    if (e.kind !== 'Component') {
      mapped.push({ kind: e.kind || '(no kind)', key: null, name: String(e.metadata.name ?? '') });
      note(e, 'skipped', `kind ${e.kind || '(none)'} is not imported: Argus has no such entity`);
      continue;
    }
    const namespace = str(e.metadata.namespace) ?? 'default';
    const name = String(e.metadata.name);
    const componentKey = keys.component(namespace, name);
    const systemText = str(e.spec.system);
    let system: string | null = null;
    if (systemText) {
      const ref = relativeRef(systemText, 'system', namespace);
      // A system named but not described is created by the import (and said so there).
      system = systemName(ref);
    }
    const doc: ComponentDoc = {
      namespace,
      name,
      ...metadataOf(e),
      type: str(e.spec.type) ?? null,
      lifecycle: lifecycle(e, name),
      // Argus JSON names a team owner of a component by its name, a person as user:<username>.
      owner: ownerOf(e)?.replace(/^group:/, '') ?? null,
      system,
    };
    content.components.push(doc);
    mapped.push({ kind: 'Component', key: componentKey, name });

    const relate = (field: string, type: RelationType, kind: 'api' | 'resource', text: string) => {
      const target = relativeRef(text, kind, namespace);
      if (!entityExists(kind, target)) {
        problems.push({
          field: at(e, `spec.${field}`),
          reason: `no ${kind} ${target.namespace}/${target.name} in the files or in Argus`,
        });
        return;
      }
      content.relations.push({
        component: `${namespace}/${name}`,
        type,
        entity: `${kind}:${target.namespace}/${target.name}`,
      });
      relations.push({
        field,
        key: relationKey(componentKey, type, entityKey(kind, target.namespace, target.name)),
      });
    };
    for (const api of strings(e.spec.providesApis))
      relate('providesApis', 'providesApi', 'api', api);
    for (const api of strings(e.spec.consumesApis))
      relate('consumesApis', 'consumesApi', 'api', api);
    for (const dep of strings(e.spec.dependsOn)) {
      const kind = refKind(dep) ?? 'component';
      if (kind === 'resource') {
        relate('dependsOn', 'dependsOn', 'resource', dep);
        continue;
      }
      if (kind !== 'component') {
        note(
          e,
          'changed',
          `dependsOn ${dep} is not kept: a component depends on components and resources`,
        );
        continue;
      }
      const target = relativeRef(dep, 'component', namespace);
      const targetKey = keys.component(target.namespace, target.name);
      if (!componentsInFile.has(targetKey) && !known.components.has(targetKey)) {
        problems.push({
          field: at(e, 'spec.dependsOn'),
          reason: `no component ${target.namespace}/${target.name} in the files or in Argus`,
        });
        continue;
      }
      content.dependencies.push({
        from: `${namespace}/${name}`,
        to: `${target.namespace}/${target.name}`,
        type: 'strong_rw',
      });
      relations.push({ field: 'dependsOn', key: keys.dependency(componentKey, null, targetKey) });
    }
  }
  if (problems.length > 0) throw invalidInput(problems);
  return { content, entities: mapped, relations, notes, warnings };
}

export async function importBackstage(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  input: Buffer | string | BackstageFile[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const files = Array.isArray(input)
    ? input
    : [{ path: options.source ?? 'upload', text: asText(input) }];
  if (!Array.isArray(input)) checkSize(input, options.maxBytes);
  options.onProgress?.(0, 1, 'reading');
  const entities = parseBackstageFiles(files);
  const mapping = mapBackstage(entities, await loadKnown(db));
  const source = options.source ?? 'upload';
  const result = await importContent(db, bus, ctx, mapping.content, {
    source,
    onProgress: options.onProgress,
  });
  const counter = new ModelCounter();
  for (const kind of REPORT_KINDS) {
    if (mapping.entities.some((e) => e.kind === kind)) counter.get(kind);
  }
  for (const { kind, key } of mapping.entities) {
    counter.add(kind, 'read');
    counter.add(kind, key ? (result.outcomes.get(key) ?? 'skipped') : 'skipped');
  }
  for (const { field, key } of mapping.relations) {
    counter.add(field, 'read');
    counter.add(field, result.outcomes.get(key) ?? 'skipped');
  }
  for (const count of result.counts) {
    if (count.model.startsWith('reference:') && count.created > 0)
      counter.add(count.model, 'created', count.created);
  }
  return {
    format: 'backstage',
    source,
    models: counter.list(),
    records: [...mapping.notes, ...result.notes],
    warnings: [...mapping.warnings, ...result.warnings],
    durationMs: Date.now() - started,
  };
}

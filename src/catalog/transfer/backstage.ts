import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sql } from 'drizzle-orm';
import { parseAllDocuments, stringify } from 'yaml';
import { people } from '../../platform/auth/schema.js';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import type { FieldProblem } from '../../platform/errors.js';
import { jsonSizeProblem, LIFECYCLES, type Lifecycle, linkProblem } from '../contract.js';
import { components, teamMembers, teams } from '../schema.js';
import { importContent } from './apply.js';
import {
  type ArgusDocument,
  type CatalogContent,
  type ComponentDoc,
  emptyContent,
} from './document.js';
import { invalidInput } from './errors.js';
import { asText, checkSize, lineColumn } from './input.js';
import { keys } from './keys.js';
import { byText, readCatalog } from './read.js';
import { type ImportOptions, type ImportReport, ModelCounter } from './report.js';

/**
 * Backstage catalog descriptors (catalog-info.yaml, multi-document YAML). Import reads Group
 * (teams), User (people) and Component entities; System, Domain, API and Resource entities are
 * counted and reported (a component's `spec.system` names its system). Export writes Groups,
 * Users and Components back; exporting, importing into an empty Argus and exporting again gives
 * the same YAML. Backstage has no dependency types: `dependsOn` imports as `strong_rw` and
 * exports every component-wide or version dependency once.
 */

export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';
const COUNTED_KINDS = ['System', 'Domain', 'API', 'Resource'];
/** Person fields Backstage has no place for, kept as annotations so they round-trip. */
const USER_ANNOTATIONS = { title: 'argus.dev/title', department: 'argus.dev/department' } as const;
const CHAT_ANNOTATION = 'argus.dev/chat-channel';

export interface BackstageFile {
  /** Shown in problems and the report: a path relative to the imported folder, or "upload". */
  path: string;
  text: string;
}

/** The YAML files of a path: the file itself, or every *.yaml and *.yml below a folder, sorted. */
export async function readBackstagePath(path: string, maxBytes?: number): Promise<BackstageFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    const buffer = await readFile(path);
    checkSize(buffer, maxBytes);
    return [{ path, text: asText(buffer) }];
  }
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(full);
      } else if (/\.ya?ml$/i.test(entry.name)) {
        found.push(full);
      }
    }
  };
  await walk(path);
  found.sort();
  const files: BackstageFile[] = [];
  let total = 0;
  for (const file of found) {
    const buffer = await readFile(file);
    total += buffer.length;
    checkSize(total, maxBytes);
    files.push({ path: relative(path, file) || file, text: asText(buffer) });
  }
  return files;
}

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

/** A component ref relative to the referring entity's namespace, as Backstage resolves it. */
function componentRef(ref: string, namespace: string): { namespace: string; name: string } {
  const body = ref.trim().replace(/^component:/i, '');
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
}

async function loadKnown(db: Db): Promise<Known> {
  const teamRows = await db.select({ id: teams.id, name: teams.name }).from(teams);
  const members = await db
    .select({ teamId: teamMembers.teamId, username: people.username })
    .from(teamMembers)
    .innerJoin(people, sql`${people.id} = ${teamMembers.personId}`);
  const peopleRows = await db.select({ username: people.username }).from(people);
  const componentRows = await db
    .select({ namespace: components.namespace, name: components.name })
    .from(components);
  return {
    teams: new Map(
      teamRows.map((t) => [
        t.name.toLowerCase(),
        { name: t.name, members: members.filter((m) => m.teamId === t.id).map((m) => m.username) },
      ]),
    ),
    people: new Set(peopleRows.map((p) => p.username.toLowerCase())),
    components: new Set(componentRows.map((c) => keys.component(c.namespace, c.name))),
  };
}

export interface BackstageMapping {
  content: CatalogContent;
  entities: { kind: string; key: string | null }[];
  dependencies: string[];
  warnings: string[];
}

export function mapBackstage(entities: Entity[], known: Known): BackstageMapping {
  const content = emptyContent();
  const warnings: string[] = [];
  const problems: FieldProblem[] = [];
  const at = (e: Entity, field: string) => `${e.file}:${e.lineOf(field)} ${field}`;
  const mapped: BackstageMapping['entities'] = [];
  const dependencyKeys: string[] = [];

  const groups = entities.filter((e) => e.kind === 'Group');
  const users = entities.filter((e) => e.kind === 'User');
  const teamsInFile = new Set(groups.map((g) => String(g.metadata.name).toLowerCase()));
  const peopleInFile = new Set(users.map((u) => String(u.metadata.name).toLowerCase()));
  const teamExists = (name: string) =>
    teamsInFile.has(name.toLowerCase()) || known.teams.has(name.toLowerCase());
  const personExists = (name: string) =>
    peopleInFile.has(name.toLowerCase()) || known.people.has(name.toLowerCase());

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
    mapped.push({ kind: 'User', key: keys.person(username) });
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
      parent,
      members: [...(members.get(name.toLowerCase()) ?? [])],
    });
    mapped.push({ kind: 'Group', key: keys.team(name) });
  }
  // Users may join teams that are not in the files: those keep their members and gain these.
  for (const [team, set] of members) {
    if (teamsInFile.has(team)) continue;
    content.teams.push({ name: known.teams.get(team)?.name ?? team, members: [...set] });
  }

  const componentsInFile = new Set(
    entities
      .filter((e) => e.kind === 'Component')
      .map((e) => keys.component(str(e.metadata.namespace) ?? 'default', String(e.metadata.name))),
  );
  for (const e of entities) {
    if (e.kind === 'Group' || e.kind === 'User') continue;
    if (e.kind !== 'Component') {
      mapped.push({ kind: e.kind || '(no kind)', key: null });
      if (!COUNTED_KINDS.includes(e.kind) && e.kind)
        warnings.push(`${e.file}:${e.line}: kind ${e.kind} is not imported`);
      continue;
    }
    const m = e.metadata;
    const namespace = str(m.namespace) ?? 'default';
    const name = String(m.name);
    const lifecycleText = (str(e.spec.lifecycle) ?? '').trim().toLowerCase();
    let lifecycle: Lifecycle = 'unknown';
    if (lifecycleText === 'production') lifecycle = 'mature';
    else if ((LIFECYCLES as readonly string[]).includes(lifecycleText))
      lifecycle = lifecycleText as Lifecycle;
    else if (lifecycleText)
      warnings.push(
        `${e.file}:${e.line} ${name}: lifecycle "${lifecycleText}" is not an Argus lifecycle; imported as "unknown"`,
      );
    let owner: string | null = null;
    const ownerRef = str(e.spec.owner);
    if (ownerRef) {
      const kind = refKind(ownerRef);
      const ownerName = entityName(ownerRef, kind ?? 'group');
      if (kind === 'user') {
        warnings.push(
          `${e.file}:${e.line} ${name}: the owner ${ownerRef} is a user; Argus components are owned by teams, so it has no owner`,
        );
      } else if (!teamExists(ownerName)) {
        problems.push({
          field: at(e, 'spec.owner'),
          reason: `no group "${ownerName}" in the files or in Argus`,
        });
      } else {
        owner = ownerName;
      }
    }
    const doc: ComponentDoc = {
      namespace,
      name,
      title: str(m.title) ?? '',
      description: str(m.description) ?? '',
      type: str(e.spec.type) ?? null,
      lifecycle,
      owner,
      system: str(e.spec.system) ? entityName(str(e.spec.system)!, 'system') : null,
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
    // The API's rules (catalog/contract.ts) hold for imports too.
    for (const field of ['labels', 'annotations'] as const) {
      const fault = jsonSizeProblem(doc[field]);
      if (fault) problems.push({ field: at(e, `metadata.${field}`), reason: fault });
    }
    doc.links?.forEach((l, i) => {
      const fault = linkProblem(l.url);
      if (fault)
        problems.push({
          field: at(e, `metadata.links.${i}.url`),
          reason: `"${l.url.slice(0, 100)}": ${fault}`,
        });
    });
    content.components.push(doc);
    mapped.push({ kind: 'Component', key: keys.component(namespace, name) });
    for (const dep of strings(e.spec.dependsOn)) {
      const kind = refKind(dep) ?? 'component';
      if (kind !== 'component') {
        warnings.push(
          `${e.file}:${e.line} ${name}: dependsOn ${dep} is not a component; not imported`,
        );
        continue;
      }
      const target = componentRef(dep, namespace);
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
      dependencyKeys.push(keys.dependency(keys.component(namespace, name), null, targetKey));
    }
  }
  if (problems.length > 0) throw invalidInput(problems);
  return { content, entities: mapped, dependencies: dependencyKeys, warnings };
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
  for (const kind of ['Group', 'User', 'Component', ...COUNTED_KINDS]) {
    if (mapping.entities.some((e) => e.kind === kind)) counter.get(kind);
  }
  for (const { kind, key } of mapping.entities) {
    counter.add(kind, 'read');
    counter.add(kind, key ? (result.outcomes.get(key) ?? 'skipped') : 'skipped');
  }
  for (const key of mapping.dependencies) {
    counter.add('dependsOn', 'read');
    counter.add('dependsOn', result.outcomes.get(key) ?? 'skipped');
  }
  for (const count of result.counts) {
    if (count.model.startsWith('reference:') && count.created > 0)
      counter.add(count.model, 'created', count.created);
  }
  const counted = COUNTED_KINDS.filter((k) => mapping.entities.some((e) => e.kind === k));
  const notes = counted.map(
    (k) =>
      `${mapping.entities.filter((e) => e.kind === k).length} ${k} entit${mapping.entities.filter((e) => e.kind === k).length === 1 ? 'y' : 'ies'} counted, not stored (Argus has no ${k} entity; components name their system)`,
  );
  return {
    format: 'backstage',
    source,
    models: counter.list(),
    records: result.notes,
    warnings: [...mapping.warnings, ...notes, ...result.warnings],
    durationMs: Date.now() - started,
  };
}

/** The catalog as Backstage descriptors: Groups, Users, then Components, each sorted by name. */
export function toBackstageYaml(doc: ArgusDocument): string {
  const out: unknown[] = [];
  const childrenOf = new Map<string, string[]>();
  for (const t of doc.teams)
    if (t.parent) childrenOf.set(t.parent, [...(childrenOf.get(t.parent) ?? []), t.name]);
  const memberOf = new Map<string, string[]>();
  for (const t of doc.teams)
    for (const m of t.members ?? []) memberOf.set(m, [...(memberOf.get(m) ?? []), t.name]);
  for (const t of doc.teams) {
    out.push({
      apiVersion: BACKSTAGE_API_VERSION,
      kind: 'Group',
      metadata: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        ...(t.chatChannel ? { annotations: { [CHAT_ANNOTATION]: t.chatChannel } } : {}),
      },
      spec: {
        type: 'team',
        profile: {
          ...(t.title ? { displayName: t.title } : {}),
          ...(t.email ? { email: t.email } : {}),
        },
        ...(t.parent ? { parent: t.parent } : {}),
        children: (childrenOf.get(t.name) ?? []).sort(byText),
        members: [...(t.members ?? [])].sort(byText),
      },
    });
  }
  for (const p of doc.people) {
    const annotations: Record<string, string> = {};
    if (p.title) annotations[USER_ANNOTATIONS.title] = p.title;
    if (p.department) annotations[USER_ANNOTATIONS.department] = p.department;
    out.push({
      apiVersion: BACKSTAGE_API_VERSION,
      kind: 'User',
      metadata: {
        name: p.username,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        profile: {
          ...(p.name ? { displayName: p.name } : {}),
          ...(p.email ? { email: p.email } : {}),
        },
        memberOf: (memberOf.get(p.username) ?? []).sort(byText),
      },
    });
  }
  const dependsOn = new Map<string, string[]>();
  for (const d of doc.dependencies) {
    const from = d.from.replace(/^component:/, '');
    const [fromNs] = from.split('/');
    const to = d.to.replace(/^component:/, '');
    const [toNs, toName] = to.split('/');
    const ref = toNs === fromNs ? `component:${toName}` : `component:${to}`;
    const list = dependsOn.get(from) ?? [];
    if (!list.includes(ref)) list.push(ref);
    dependsOn.set(from, list);
  }
  for (const c of doc.components) {
    const ns = c.namespace ?? 'default';
    const deps = dependsOn.get(`${ns}/${c.name}`) ?? [];
    out.push({
      apiVersion: BACKSTAGE_API_VERSION,
      kind: 'Component',
      metadata: {
        name: c.name,
        ...(ns !== 'default' ? { namespace: ns } : {}),
        ...(c.title ? { title: c.title } : {}),
        ...(c.description ? { description: c.description } : {}),
        ...(c.tags?.length ? { tags: c.tags } : {}),
        ...(c.labels && Object.keys(c.labels).length ? { labels: c.labels } : {}),
        ...(c.annotations && Object.keys(c.annotations).length
          ? { annotations: c.annotations }
          : {}),
        ...(c.links?.length ? { links: c.links } : {}),
      },
      spec: {
        ...(c.type ? { type: c.type } : {}),
        lifecycle: c.lifecycle === 'mature' ? 'production' : (c.lifecycle ?? 'unknown'),
        ...(c.owner ? { owner: `group:${c.owner}` } : {}),
        ...(c.system ? { system: c.system } : {}),
        ...(deps.length ? { dependsOn: deps } : {}),
      },
    });
  }
  return out.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
}

export async function exportBackstage(db: Db): Promise<string> {
  return toBackstageYaml(await readCatalog(db));
}

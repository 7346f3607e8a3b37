import { stringify } from 'yaml';
import type { Db } from '../../platform/db.js';
import { byText } from '../bulk/read.js';
import type { EntityKind } from '../entities/contract.js';
import { ownerRef, parseOwner } from '../owners.js';
import type { ArgusDocument, EntityDoc } from './document.js';
import { readCatalog } from './read.js';

export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';
/** Person fields Backstage has no place for, kept as annotations so they round-trip. */
export const USER_ANNOTATIONS = {
  title: 'argus.dev/title',
  department: 'argus.dev/department',
} as const;
export const CHAT_ANNOTATION = 'argus.dev/chat-channel';

export const BACKSTAGE_KINDS: Record<EntityKind, string> = {
  domain: 'Domain',
  system: 'System',
  api: 'API',
  resource: 'Resource',
};

/** Argus calls Backstage's `production` lifecycle `mature`. */
export const backstageLifecycle = (lifecycle: string | undefined) =>
  lifecycle === 'mature' ? 'production' : (lifecycle ?? 'unknown');

/** `kind:name` when the target shares the referrer's namespace, else `kind:ns/name`. */
function relativeRef(kind: string, target: string, fromNamespace: string): string {
  const body = target.replace(/^[A-Za-z]+:/, '');
  const slash = body.indexOf('/');
  const [ns, name] = slash >= 0 ? [body.slice(0, slash), body.slice(slash + 1)] : ['default', body];
  return ns.toLowerCase() === fromNamespace.toLowerCase()
    ? `${kind}:${name}`
    : `${kind}:${ns}/${name}`;
}

function metadataOf(e: {
  name: string;
  namespace?: string;
  title?: string;
  description?: string;
  tags?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  links?: unknown[];
}) {
  const ns = e.namespace ?? 'default';
  return {
    name: e.name,
    ...(ns !== 'default' ? { namespace: ns } : {}),
    ...(e.title ? { title: e.title } : {}),
    ...(e.description ? { description: e.description } : {}),
    ...(e.tags?.length ? { tags: e.tags } : {}),
    ...(e.labels && Object.keys(e.labels).length ? { labels: e.labels } : {}),
    ...(e.annotations && Object.keys(e.annotations).length ? { annotations: e.annotations } : {}),
    ...(e.links?.length ? { links: e.links } : {}),
  };
}

function entitySpec(e: EntityDoc) {
  const ns = e.namespace ?? 'default';
  const definition =
    e.definition ||
    (e.definitionUrl ? { $text: e.definitionUrl } : e.kind === 'api' ? '' : undefined);
  return {
    ...(e.type ? { type: e.type } : {}),
    // APIs always have a lifecycle in Backstage; the other kinds only when one is known.
    ...(e.kind === 'api' || (e.lifecycle && e.lifecycle !== 'unknown')
      ? { lifecycle: backstageLifecycle(e.lifecycle) }
      : {}),
    ...(e.owner ? { owner: e.owner } : {}),
    ...(e.domain ? { domain: relativeRef('domain', e.domain, ns).replace(/^domain:/, '') } : {}),
    ...(e.system ? { system: relativeRef('system', e.system, ns).replace(/^system:/, '') } : {}),
    ...(definition !== undefined ? { definition } : {}),
  };
}

/**
 * The catalog as Backstage descriptors: Groups, Users, Domains, Systems, Components, APIs and
 * Resources, each sorted by name. Importing the result into an empty Argus and exporting again
 * gives the same YAML.
 */
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
        type: t.type ?? 'team',
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
  const entity = (e: EntityDoc) => ({
    apiVersion: BACKSTAGE_API_VERSION,
    kind: BACKSTAGE_KINDS[e.kind],
    metadata: metadataOf(e),
    spec: entitySpec(e),
  });
  const ofKind = (kind: EntityKind) => doc.entities.filter((e) => e.kind === kind);
  out.push(...ofKind('domain').map(entity), ...ofKind('system').map(entity));

  // A component's relations, in Backstage's spec fields, each relative to its namespace.
  const spec = new Map<
    string,
    { dependsOn: string[]; providesApis: string[]; consumesApis: string[] }
  >();
  const specOf = (ref: string) => {
    const key = ref.replace(/^component:/, '');
    let s = spec.get(key);
    if (!s) {
      s = { dependsOn: [], providesApis: [], consumesApis: [] };
      spec.set(key, s);
    }
    return { s, ns: key.split('/')[0]! };
  };
  const add = (list: string[], ref: string) => {
    if (!list.includes(ref)) list.push(ref);
  };
  for (const d of doc.dependencies) {
    const { s, ns } = specOf(d.from);
    add(s.dependsOn, relativeRef('component', d.to.replace(/^component:/, ''), ns));
  }
  for (const r of doc.relations) {
    const { s, ns } = specOf(r.component);
    const kind = r.type === 'dependsOn' ? 'resource' : 'api';
    const ref = relativeRef(kind, r.entity, ns);
    if (r.type === 'dependsOn') add(s.dependsOn, ref);
    else add(r.type === 'providesApi' ? s.providesApis : s.consumesApis, ref);
  }
  for (const c of doc.components) {
    const ns = c.namespace ?? 'default';
    const rel = spec.get(`${ns}/${c.name}`);
    out.push({
      apiVersion: BACKSTAGE_API_VERSION,
      kind: 'Component',
      metadata: metadataOf(c),
      spec: {
        ...(c.type ? { type: c.type } : {}),
        lifecycle: backstageLifecycle(c.lifecycle),
        ...(c.owner ? { owner: ownerRef(parseOwner(c.owner)) } : {}),
        ...(c.system
          ? { system: relativeRef('system', c.system, ns).replace(/^system:/, '') }
          : {}),
        ...(rel?.dependsOn.length ? { dependsOn: rel.dependsOn } : {}),
        ...(rel?.providesApis.length ? { providesApis: rel.providesApis } : {}),
        ...(rel?.consumesApis.length ? { consumesApis: rel.consumesApis } : {}),
      },
    });
  }
  out.push(...ofKind('api').map(entity), ...ofKind('resource').map(entity));
  return out.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
}

export async function exportBackstage(db: Db): Promise<string> {
  return toBackstageYaml(await readCatalog(db));
}

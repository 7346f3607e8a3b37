import type { ReferenceList } from '../contract.js';

/**
 * Natural keys of catalog entities: imports match records to existing entities by these
 * (names, case-insensitively), which is what makes importing the same file twice an update.
 */

const low = (s: string) => s.trim().toLowerCase();

/** What tells two deployments of one version apart (the rest, ports and notes, is data). */
export const DEPLOYMENT_IDENTITY = [
  'environment',
  'locationClass',
  'productVersion',
  'serviceName',
  'binaryName',
  'runtime',
] as const;
export type DeploymentIdentity = Partial<
  Record<(typeof DEPLOYMENT_IDENTITY)[number], string | null>
>;

export const keys = {
  reference: (list: ReferenceList, name: string) => `ref:${list}:${low(name)}`,
  person: (username: string) => `person:${low(username)}`,
  team: (name: string) => `team:${low(name)}`,
  component: (namespace: string, name: string) => `component:${low(namespace)}/${low(name)}`,
  version: (componentKey: string, version: string) => `${componentKey}@${version.trim()}`,
  dependency: (fromKey: string, fromVersion: string | null | undefined, toKey: string) =>
    `dependency:${fromKey}@${fromVersion ?? '*'}->${toKey}`,
  deployment: (versionKey: string, d: DeploymentIdentity) =>
    `deployment:${versionKey}|${DEPLOYMENT_IDENTITY.map((f) => (d[f] ?? '').trim().toLowerCase()).join('|')}`,
  requirement: (title: string) => `requirement:${low(title)}`,
  requirementSet: (name: string) => `set:${low(name)}`,
  status: (versionKey: string, requirementKey: string) => `status:${versionKey}#${requirementKey}`,
  quadrant: (name: string) => `quadrant:${low(name)}`,
  ring: (name: string) => `ring:${low(name)}`,
  radarEntry: (label: string) => `entry:${low(label)}`,
  radarHistory: (entryKey: string, date: Date) => `${entryKey}@${date.toISOString()}`,
};

const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

export function isEntityName(name: string): boolean {
  return name.length >= 1 && name.length <= 63 && ENTITY_NAME.test(name);
}

/**
 * A valid entity name (Backstage's rule) from free text: "My PostgreSQL DB" -> `my-postgresql-db`.
 * `taken` holds lower-cased names already used; a clash gets `-2`, `-3`, ...
 */
export function slugify(text: string, taken?: Set<string>): string {
  const base =
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63)
      .replace(/-+$/g, '') || 'unnamed';
  if (!taken) return base;
  let name = base;
  for (let i = 2; taken.has(name); i++) {
    const suffix = `-${i}`;
    name = `${base.slice(0, 63 - suffix.length).replace(/-+$/g, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}

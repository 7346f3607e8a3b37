import type { ReferenceList } from '../contract.js';
import type { EntityKind, RelationType } from '../entities/contract.js';

/**
 * Natural keys of catalog entities: bulk imports match records to existing entities by these
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

export const catalogKeys = {
  reference: (list: ReferenceList, name: string) => `ref:${list}:${low(name)}`,
  person: (username: string) => `person:${low(username)}`,
  team: (name: string) => `team:${low(name)}`,
  component: (namespace: string, name: string) => `component:${low(namespace)}/${low(name)}`,
  version: (componentKey: string, version: string) => `${componentKey}@${version.trim()}`,
  dependency: (fromKey: string, fromVersion: string | null | undefined, toKey: string) =>
    `dependency:${fromKey}@${fromVersion ?? '*'}->${toKey}`,
  deployment: (versionKey: string, d: DeploymentIdentity) =>
    `deployment:${versionKey}|${DEPLOYMENT_IDENTITY.map((f) => (d[f] ?? '').trim().toLowerCase()).join('|')}`,
};

/** A system, domain, API or resource. */
export const entityKey = (kind: EntityKind, namespace: string, name: string) =>
  `${kind}:${low(namespace)}/${low(name)}`;

/** A component's relation to an API or resource (`toKey` an entityKey). */
export const relationKey = (componentKey: string, type: RelationType, toKey: string) =>
  `relation:${componentKey}|${type}|${toKey}`;

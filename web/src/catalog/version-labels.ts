import type { VersionRole } from '../api/types.js';

export const ROLE_LABELS: Record<VersionRole, string> = {
  maintainer: 'Maintainer / dev lead',
  qa_lead: 'QA lead',
  product_manager: 'Product manager',
  program_manager: 'Program manager',
  escalation: 'Escalation list',
  expert: 'Experts',
  architect: 'Architects',
};
export const ROLES = Object.keys(ROLE_LABELS) as VersionRole[];

export const DEV_LINK_LABELS = {
  api_spec: 'API spec',
  repository: 'Repository',
  public_repository: 'Public repository',
  issue_tracker: 'Issue tracker',
  build_job: 'Build job',
  docs: 'Docs',
  public_docs: 'Public docs',
  metrics: 'Metrics',
  logs: 'Logs',
} as const;
export type DevLink = keyof typeof DEV_LINK_LABELS;
export const DEV_LINKS = Object.keys(DEV_LINK_LABELS) as DevLink[];

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
export type QaKind = (typeof QA_KINDS)[number];
export const QA_RATINGS = ['unknown', 'n/a', 'none', 'low', 'med', 'high'] as const;
export const QA_COLORS: Record<string, string> = {
  unknown: 'gray',
  'n/a': 'gray',
  none: 'red',
  low: 'orange',
  med: 'yellow',
  high: 'green',
};

export const FACT_LISTS = [
  ['languages', 'Languages'],
  ['frameworks', 'Frameworks'],
  ['databases', 'Databases'],
  ['orms', 'ORMs'],
  ['loggers', 'Loggers'],
  ['runtimes', 'Runtimes'],
] as const;

/** What "latest" means wherever it is shown (PRODUCT 1.1): the order, not the date added. */
export const LATEST_MEANS =
  'latest = the highest version in version order (1.10 is above 1.9; 2.0-rc.1 is below 2.0), not the last one added';

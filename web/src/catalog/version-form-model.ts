import { VERSION_RULE, versionProblem } from '../../../src/catalog/semver.js';
import type { Version, VersionCreate, VersionRole } from '../api/types.js';
import { DEV_LINKS, type DevLink, QA_KINDS, type QaKind, ROLES } from './version-labels.js';

export interface VersionFormValues {
  version: string;
  releaseNotes: string;
  languages: string[];
  frameworks: string[];
  databases: string[];
  orms: string[];
  loggers: string[];
  runtimes: string[];
  kloc: number | string;
  devLinks: Record<DevLink, string>;
  qa: Record<QaKind, { rating: string; notes: string }>;
  people: Record<VersionRole, string[]>;
}

export const VERSION_FORM_FIELDS = [
  'version',
  'releaseNotes',
  'languages',
  'frameworks',
  'databases',
  'orms',
  'loggers',
  'runtimes',
  'kloc',
  'devLinks',
  'qa',
  'people',
] as const;

export function toVersionForm(v?: Version): VersionFormValues {
  return {
    version: v?.version ?? '',
    releaseNotes: v?.releaseNotes ?? '',
    languages: v?.languages ?? [],
    frameworks: v?.frameworks ?? [],
    databases: v?.databases ?? [],
    orms: v?.orms ?? [],
    loggers: v?.loggers ?? [],
    runtimes: v?.runtimes ?? [],
    kloc: v?.kloc ?? '',
    devLinks: Object.fromEntries(DEV_LINKS.map((k) => [k, v?.devLinks[k] ?? ''])) as Record<
      DevLink,
      string
    >,
    qa: Object.fromEntries(
      QA_KINDS.map((k) => [
        k,
        { rating: v?.qa[k]?.rating ?? 'unknown', notes: v?.qa[k]?.notes ?? '' },
      ]),
    ) as VersionFormValues['qa'],
    people: Object.fromEntries(ROLES.map((r) => [r, v?.people[r] ?? []])) as Record<
      VersionRole,
      string[]
    >,
  };
}

/**
 * The rule a version string follows, as the form states it. The check is the server's own
 * (src/catalog/semver.ts), so the form refuses exactly what the API refuses, with the same reason.
 */
export const VERSION_HINT = `${VERSION_RULE[0]!.toUpperCase()}${VERSION_RULE.slice(1)}. Latest = the highest version in this order (1.10 is above 1.9; 2.0-rc.1 is below 2.0).`;

/** Why the typed version would be refused, or undefined when it is a version. */
export function versionInputProblem(text: string): string | undefined {
  if (text.trim() === '') return 'a version is required';
  const problem = versionProblem(text);
  // The rule is shown under the field already: the reason alone says what is wrong.
  return problem ? `"${text.trim()}" ${problem.split('; ')[0]}` : undefined;
}

/** The API body: empty links and unrated QA kinds are left out. */
export function toVersionPayload(f: VersionFormValues): VersionCreate {
  const devLinks = Object.fromEntries(
    Object.entries(f.devLinks)
      .filter(([, url]) => url.trim() !== '')
      .map(([k, url]) => [k, url.trim()]),
  );
  const qa = Object.fromEntries(
    Object.entries(f.qa)
      .filter(([, q]) => q.rating !== 'unknown' || q.notes.trim() !== '')
      .map(([k, q]) => [k, { rating: q.rating, notes: q.notes }]),
  );
  const people = Object.fromEntries(
    Object.entries(f.people).filter(([, names]) => names.length > 0),
  );
  return {
    version: f.version.trim(),
    releaseNotes: f.releaseNotes,
    languages: f.languages,
    frameworks: f.frameworks,
    databases: f.databases,
    orms: f.orms,
    loggers: f.loggers,
    runtimes: f.runtimes,
    kloc: typeof f.kloc === 'number' ? f.kloc : null,
    devLinks,
    qa: qa as VersionCreate['qa'],
    people,
  };
}

/** Fields that differ from the loaded version; roles are sent whole, each role that changed. */
export function changedVersionFields(
  original: Version,
  payload: VersionCreate,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const before = toVersionPayload(toVersionForm(original)) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'version' || key === 'people') continue;
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(value ?? null)) out[key] = value;
  }
  const people: Record<string, string[]> = {};
  for (const role of ROLES) {
    const was = original.people[role] ?? [];
    const now = payload.people?.[role] ?? [];
    if (JSON.stringify([...was].sort()) !== JSON.stringify([...now].sort())) people[role] = now;
  }
  if (Object.keys(people).length > 0) out.people = people;
  return out;
}

// `argus requirements status <namespace/name> [--version V] [--json]`: a component version's
// requirements, level and scores, read from a running Argus through its API (GET
// /api/components/{namespace}/{name}/versions/{version}/requirements), so scripts see what the
// web page shows, with the caller's rights. It needs no access to the data folder.
import type { Command } from 'commander';
import { componentRefOf } from '../../catalog/refs.js';
import type { VersionRequirements } from '../../requirements/contract.js';

/** Where the server is and who asks: ARGUS_URL (default the local server) and ARGUS_TOKEN. */
export interface ApiTarget {
  url: string;
  token: string | undefined;
}

export function apiTarget(
  env: NodeJS.ProcessEnv = process.env,
  url: string | undefined = undefined,
): ApiTarget {
  const base = url ?? env.ARGUS_URL ?? `http://127.0.0.1:${env.ARGUS_PORT || 7070}`;
  return { url: base.replace(/\/+$/, ''), token: env.ARGUS_TOKEN || undefined };
}

/** An error the command reports as one line on standard error. */
export class ApiError extends Error {}

/**
 * GETs `path` of the API as JSON (or sends `init`'s method and JSON body); a problem answer
 * becomes its detail and each field problem.
 */
export async function getJson<T>(
  target: ApiTarget,
  path: string,
  init: { method?: string; body?: string } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${target.url}/api${path}`, {
      ...init,
      headers: {
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new ApiError(`cannot reach Argus at ${target.url} (${cause}); set ARGUS_URL`);
  }
  const text = await res.text();
  if (res.ok) return JSON.parse(text) as T;
  let detail = text.trim() || res.statusText;
  try {
    const problem = JSON.parse(text) as {
      detail?: string;
      title?: string;
      problems?: { field: string; reason: string }[];
    };
    detail = problem.detail ?? problem.title ?? detail;
    if (problem.problems && problem.problems.length > 1)
      detail += problem.problems.map((p) => `\n  ${p.field}: ${p.reason}`).join('');
  } catch {
    // Not JSON (a proxy's page, say): its text as it came.
  }
  const hint = res.status === 401 && !target.token ? ' (set ARGUS_TOKEN to an API token)' : '';
  throw new ApiError(`${res.status}: ${detail}${hint}`);
}

interface ComponentPage {
  component: { latestVersion: string | null };
}

const dash = (value: number | null) => (value === null ? '-' : `${value}%`);

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The status view as a person reads it on a terminal: a heading, then a table per set. */
export function formatStatus(view: VersionRequirements): string {
  const { level, scores } = view;
  const lines = [
    `${view.component.replace(/^component:/, '')} ${view.version}${view.latest ? ' (latest)' : ''}`,
    `level: ${level.reached?.name ?? 'none'}${level.next ? `, next: ${level.next.name}` : ''}`,
    `readiness ${dash(scores.readiness)}, sign-off ${dash(scores.signOff)}, QA ${dash(scores.qa)}, ` +
      `profile ${dash(scores.completeness)} (${scores.applicable} requirements apply)`,
  ];
  if (level.next && level.missing.length > 0) {
    lines.push(`missing for ${level.next.name}:`);
    for (const m of level.missing)
      lines.push(`  - ${m.requirement.title} (${m.set}): ${m.effective}`);
  }
  for (const set of view.sets) {
    lines.push('');
    const reviewers = set.reviewerTeams.length
      ? ` (reviewers: ${set.reviewerTeams.join(', ')})`
      : '';
    lines.push(`${set.name}${reviewers}`);
    if (set.exclusion) lines.push(`  not applicable to this version: ${set.exclusion.reason}`);
    const rows = [['  REQUIREMENT', 'LEVEL', 'OWNER', 'REVIEWER', 'OVERALL', 'NOTES']];
    for (const r of set.requirements) {
      const notes = [r.owner.notes, r.reviewer.notes].filter(Boolean).join(' / ');
      const overall =
        r.effective !== r.overall ? `${r.effective} (exempted; ${r.overall})` : r.overall;
      rows.push([
        `  ${r.requirement.title}${r.requirement.mandatory ? ' *' : ''}`,
        r.requirement.level ?? '-',
        r.owner.status,
        r.reviewer.reset ? `${r.reviewer.status} (reset)` : r.reviewer.status,
        overall,
        notes.replace(/\s+/g, ' '),
      ]);
    }
    lines.push(...table(rows));
  }
  if (view.sets.some((s) => s.requirements.some((r) => r.requirement.mandatory)))
    lines.push('', '* mandatory for production');
  return `${lines.join('\n')}\n`;
}

export async function versionStatus(
  target: ApiTarget,
  ref: string,
  version: string | undefined,
): Promise<VersionRequirements> {
  const parsed = componentRefOf(ref);
  if (!parsed) throw new ApiError(`"${ref}" is not a component (namespace/name)`);
  const path = `/components/${encodeURIComponent(parsed.namespace)}/${encodeURIComponent(parsed.name)}`;
  let chosen = version;
  if (chosen === undefined) {
    const page = await getJson<ComponentPage>(target, path);
    if (page.component.latestVersion === null)
      throw new ApiError(`${ref} has no version yet; requirements are set per version`);
    chosen = page.component.latestVersion;
  }
  return getJson<VersionRequirements>(
    target,
    `${path}/versions/${encodeURIComponent(chosen)}/requirements`,
  );
}

export function registerRequirementsCommand(program: Command): void {
  const requirements = program
    .command('requirements')
    .description('Requirements and sign-off, read from a running Argus (ARGUS_URL, ARGUS_TOKEN)');
  requirements
    .command('status <component>')
    .description(
      "A component version's requirements, level and scores (namespace/name; the latest version unless --version)",
    )
    .option('--version <version>', 'this version instead of the latest')
    .option('--json', 'print the API answer as JSON')
    .option('--url <url>', 'the Argus server (default: ARGUS_URL, else http://127.0.0.1:7070)')
    .action(async (ref: string, opts: { version?: string; json?: boolean; url?: string }) => {
      try {
        const view = await versionStatus(apiTarget(process.env, opts.url), ref, opts.version);
        process.stdout.write(opts.json ? `${JSON.stringify(view, null, 2)}\n` : formatStatus(view));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        process.stderr.write(`argus: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

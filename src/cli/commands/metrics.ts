// `argus metrics query|latest`: the built-in metric store of a running Argus through its API
// (GET /api/metrics/query, /api/metrics/latest; ARGUS_URL, ARGUS_TOKEN), as a table or JSON.
import type { Command } from 'commander';
import type { LatestResult, RangeResult, SeriesList } from '../../telemetry/query/contract.js';
import { ApiError, type ApiTarget, apiTarget, getJson } from './requirements.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `90s`, `15m`, `6h`, `7d`, `2w` in seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (!match) throw new ApiError(`--since: "${text}" is not a duration (e.g. 90s, 15m, 6h, 7d)`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** `NAME=VALUE` pairs of --dimension as query parameters. */
function dimensionParams(pairs: string[]): [string, string][] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ApiError(`--dimension: "${pair}" is not NAME=VALUE`);
    return [`dimension.${pair.slice(0, at)}`, pair.slice(at + 1)];
  });
}

const label = (s: {
  resource: { id: string; resource_id?: string; resource_site?: string };
  dimensions: Record<string, string>;
}) => {
  const who = s.resource.resource_id
    ? `${s.resource.resource_site}/${s.resource.resource_id}`
    : s.resource.id;
  const dims = Object.entries(s.dimensions).map(([k, v]) => `${k}=${v}`);
  return dims.length > 0 ? `${who} {${dims.join(', ')}}` : who;
};

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const num = (v: number) =>
  Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatRange(result: RangeResult): string {
  const lines = [
    `resolution ${result.resolution}, step ${result.step} s, ${iso(result.start)} .. ${iso(result.end)}`,
  ];
  if (result.series.length === 0) lines.push('no series match');
  for (const s of result.series) {
    lines.push('', `${s.group_type}.${s.metric}  ${label(s)}`);
    if (s.points.length === 0) {
      lines.push('  (no points in the range)');
      continue;
    }
    const rows = [['  TIME', 'VALUE', ...(s.bounds ? ['MIN', 'MAX'] : [])]];
    s.points.forEach(([t, v], i) => {
      const b = s.bounds?.[i];
      rows.push([`  ${iso(t)}`, num(v), ...(b ? [num(b[0]), num(b[1])] : [])]);
    });
    lines.push(table(rows));
  }
  return `${lines.join('\n')}\n`;
}

export function formatLatest(result: LatestResult): string {
  if (result.values.length === 0) return 'no recent values\n';
  const rows = [['GROUP', 'DIMENSIONS', 'METRIC', 'VALUE', 'AT']];
  for (const v of result.values) {
    const dims =
      Object.entries(v.dimensions)
        .map(([k, x]) => `${k}=${x}`)
        .join(',') || '-';
    rows.push([v.group_type, dims, v.metric, num(v.value), iso(v.at)]);
  }
  return `${table(rows)}\n`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A resource's uuid, or its resource_id (site/id when the id alone is ambiguous) looked up. */
async function resolveResource(target: ApiTarget, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const slash = ref.indexOf('/');
  const filter =
    slash > 0
      ? `resource_site = ${JSON.stringify(ref.slice(0, slash))} AND resource_id = ${JSON.stringify(ref.slice(slash + 1))}`
      : `resource_id = ${JSON.stringify(ref)}`;
  const list = await getJson<SeriesList>(
    target,
    `/metrics/series?${new URLSearchParams({ filter })}`,
  );
  const ids = [...new Set(list.series.map((s) => s.resource.id))];
  if (ids.length === 0) throw new ApiError(`no resource "${ref}" with metrics`);
  if (ids.length > 1)
    throw new ApiError(`"${ref}" names ${ids.length} resources: give SITE/ID or the uuid`);
  return ids[0] as string;
}

interface QueryOptions {
  filter?: string;
  groupType?: string;
  metric?: string;
  dimension: string[];
  since: string;
  step?: string;
  json?: boolean;
  url?: string;
}

async function run(
  json: boolean | undefined,
  work: () => Promise<{ data: unknown; text: string }>,
) {
  try {
    const { data, text } = await work();
    process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : text);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    process.stderr.write(`argus: ${error.message}\n`);
    process.exitCode = 1;
  }
}

export function registerMetricsCommand(program: Command): void {
  const metrics = program
    .command('metrics')
    .description('Query the built-in metric store of a running Argus (ARGUS_URL, ARGUS_TOKEN)');
  metrics
    .command('query')
    .description('Points of the series a filter, group type, metric and dimensions select')
    .option('--filter <dsl>', 'resource filter, e.g. \'resource_site = "dc1"\'')
    .option('--group-type <type>', 'metric group type, e.g. interface')
    .option('--metric <name>', 'metric name, e.g. bits_in')
    .option(
      '--dimension <NAME=VALUE>',
      'a dimension to match (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--since <duration>', 'how far back: 90s, 15m, 1h, 7d', '1h')
    .option(
      '--step <seconds>',
      'seconds between points (default: the server picks about 300 points)',
    )
    .option('--json', 'print the API answer as JSON')
    .option('--url <url>', 'the Argus server (default: ARGUS_URL, else http://127.0.0.1:7070)')
    .action((opts: QueryOptions) =>
      run(opts.json, async () => {
        const since = parseDuration(opts.since);
        const end = Date.now() / 1000;
        const params = new URLSearchParams([
          ...(opts.filter ? [['filter', opts.filter]] : []),
          ...(opts.groupType ? [['group_type', opts.groupType]] : []),
          ...(opts.metric ? [['metric', opts.metric]] : []),
          ...dimensionParams(opts.dimension),
          ['start', String(Math.floor(end - since))],
          ['end', String(Math.ceil(end))],
          ...(opts.step ? [['step', opts.step]] : []),
        ]);
        const data = await getJson<RangeResult>(
          apiTarget(process.env, opts.url),
          `/metrics/query?${params}`,
        );
        return { data, text: formatRange(data) };
      }),
    );
  metrics
    .command('latest <resource>')
    .description(
      'The newest value of every series of a resource (its uuid, resource_id or site/resource_id)',
    )
    .option('--json', 'print the API answer as JSON')
    .option('--url <url>', 'the Argus server (default: ARGUS_URL, else http://127.0.0.1:7070)')
    .action((resource: string, opts: { json?: boolean; url?: string }) =>
      run(opts.json, async () => {
        const target = apiTarget(process.env, opts.url);
        const id = await resolveResource(target, resource);
        const data = await getJson<LatestResult>(target, `/metrics/latest?resource=${id}`);
        return { data, text: formatLatest(data) };
      }),
    );
}

/**
 * A small closed-loop HTTP load generator: `concurrency` clients each send the next request as
 * soon as the previous answered, for `requests` requests in all. Bounded in count, loopback only.
 *
 * Each case runs twice: with one client, whose latencies are what a person at a dashboard waits,
 * and with several, whose rate is what the server sustains. Latency under concurrency mostly
 * measures the queue, so it is not reported.
 */
export interface CaseResult {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  perSecond: number;
}

interface Options {
  requests: number;
  concurrency: number;
  headers?: Record<string, string>;
}

async function run(name: string, url: string | (() => string), options: Options) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < options.requests) {
      next++;
      const target = typeof url === 'function' ? url() : url;
      const t0 = performance.now();
      const res = await fetch(target, { headers: options.headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${name}: ${res.status} from ${target}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, perSecond: latencies.length / elapsed };
}

export async function measure(
  name: string,
  url: string | (() => string),
  options: Options,
): Promise<CaseResult> {
  const { latencies } = await run(name, url, { ...options, concurrency: 1 });
  const { perSecond } = await run(name, url, options);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, requests: latencies.length, p50: at(0.5), p95: at(0.95), perSecond };
}

/** `measure`, printing the case's figures as soon as it is measured, so a long run shows progress. */
export async function measureAndPrint(
  name: string,
  url: string | (() => string),
  options: Options,
): Promise<CaseResult> {
  const result = await measure(name, url, options);
  console.log(
    `  ${name.trim()}: p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, ${result.perSecond.toFixed(0)} req/s with ${options.concurrency} clients`,
  );
  return result;
}

export function printTable(results: CaseResult[], baseline: CaseResult, concurrency: number): void {
  const rows = results.map((r) => [
    r.name,
    String(r.requests),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.perSecond.toFixed(0),
    (baseline.perSecond / r.perSecond).toFixed(1),
  ]);
  const header = [
    'case',
    'requests',
    'p50 ms, 1 client',
    'p95 ms, 1 client',
    `req/s, ${concurrency} clients`,
    'x slower than ceiling',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

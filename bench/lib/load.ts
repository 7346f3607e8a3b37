/**
 * A small closed-loop HTTP load generator: `concurrency` workers each send the next request as
 * soon as the previous answered, for `requests` requests in all. Bounded in count, loopback only.
 */
export interface LoadResult {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  perSecond: number;
}

export async function measure(
  name: string,
  url: string | (() => string),
  options: { requests: number; concurrency: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
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
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    name,
    requests: latencies.length,
    p50: at(0.5),
    p95: at(0.95),
    perSecond: latencies.length / elapsed,
  };
}

export function printTable(results: LoadResult[], baseline: LoadResult): void {
  const rows = results.map((r) => [
    r.name,
    String(r.requests),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.perSecond.toFixed(0),
    (baseline.perSecond / r.perSecond).toFixed(1),
  ]);
  const header = ['case', 'requests', 'p50 ms', 'p95 ms', 'req/s', 'x slower than ceiling'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/**
 * npm run bench:soak [-- --minutes 10 --clients 4 --pause-ms 50 --streams 2 --warmup 2]
 *
 * Argus under a steady mixed load for a while: does it grow? It starts the real server (the build,
 * as `npm start` runs it) on a new data folder with the demo data, logs in as the first admin,
 * and runs `clients` closed-loop clients that each pause `pause-ms` between requests, picking:
 * the list, the list with a DSL filter, facets, full-text search, a component page, and an edit
 * (which starts a new data generation, so reads after it miss the cache, and writes history).
 * `streams` clients hold the event stream open, reconnecting every few seconds.
 *
 * Every minute it prints the server's resident memory (the kernel's VmRSS) and V8 heap (from its
 * /metrics), request latency percentiles, and errors; at the end, the growth of each after the
 * warm-up (least-squares slope, MB per minute, over samples every 10 s). The baseline column is
 * /api/health measured by the same clients: what the machine and the HTTP stack cost alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchServer, load, option, residentMb, serverMemory, sleep } from './lib/server.js';

const minutes = option('minutes', 10);
const clients = option('clients', 4);
const pauseMs = option('pause-ms', 50);
const streams = option('streams', 2);
const warmupMinutes = Math.min(option('warmup', 2), minutes - 1);

const dataDir = mkdtempSync(join(tmpdir(), 'argus-soak-'));
const server = await launchServer(dataDir);
const base = server.url;
console.log(
  `argus serve healthy after ${(server.launchToHealthyMs / 1000).toFixed(1)} s (first start)`,
);
console.log(
  `load average at start: ${load()}; ${minutes} min, ${clients} clients, ${streams} streams`,
);

// Log in with the one-time password, then work with an API token, as a script would.
const password = /one-time password (\S+)/.exec(server.output())![1]!;
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password }),
});
if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const created = await fetch(`${base}/api/tokens`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie },
  body: JSON.stringify({ name: 'soak' }),
});
if (!created.ok) throw new Error(`token: ${created.status} ${await created.text()}`);
const headers = { authorization: `Bearer ${((await created.json()) as { token: string }).token}` };

const listed = (await (await fetch(`${base}/api/components?limit=1000`, { headers })).json()) as {
  items: { namespace: string; name: string }[];
};
const components = listed.items.map((c) => `${c.namespace}/${c.name}`);
const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)]!;
const filters = [
  'lifecycle = "mature"',
  'type = "service" AND lifecycle != "deprecated"',
  'tags = "tier-1" OR name LIKE "web%"',
];
let edits = 0;

interface Operation {
  name: string;
  weight: number;
  send(): Promise<Response>;
}
const get = (path: string) => () => fetch(`${base}${path}`, { headers });
const operations: Operation[] = [
  { name: 'list', weight: 20, send: () => get('/api/components?limit=50')() },
  {
    name: 'filter',
    weight: 20,
    send: () => get(`/api/components?filter=${encodeURIComponent(pick(filters))}`)(),
  },
  {
    name: 'facets',
    weight: 15,
    send: () => get('/api/components?limit=1&facets=type,lifecycle,owner,tags,languages')(),
  },
  {
    name: 'search',
    weight: 10,
    send: () => get(`/api/components?q=${pick(['order', 'api', 'parcel'])}`)(),
  },
  { name: 'page', weight: 25, send: () => get(`/api/components/${pick(components)}`)() },
  {
    name: 'edit',
    weight: 10,
    send: () =>
      fetch(`${base}/api/components/${pick(components)}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ description: `Edited by the soak benchmark, edit ${++edits}` }),
      }),
  },
];
const totalWeight = operations.reduce((sum, op) => sum + op.weight, 0);
function chooseOperation(): Operation {
  let at = Math.random() * totalWeight;
  for (const op of operations) {
    at -= op.weight;
    if (at < 0) return op;
  }
  return operations[0]!;
}

/** What one minute saw. */
interface Window {
  latencies: number[];
  health: number[];
  errors: number;
  streamsOpened: number;
}
const newWindow = (): Window => ({ latencies: [], health: [], errors: 0, streamsOpened: 0 });
let window = newWindow();
const errorSamples: string[] = [];
function fail(message: string) {
  window.errors++;
  if (errorSamples.length < 10) errorSamples.push(message);
}

const endAt = performance.now() + minutes * 60_000;
const running = () => performance.now() < endAt;

async function timed(name: string, send: () => Promise<Response>, into: number[]) {
  const t0 = performance.now();
  try {
    const res = await send();
    await res.arrayBuffer();
    if (res.ok) into.push(performance.now() - t0);
    else fail(`${name}: HTTP ${res.status}`);
  } catch (error) {
    fail(`${name}: ${(error as Error).message}`);
  }
}

async function client(index: number) {
  for (let n = 0; running(); n++) {
    // Every tenth request of the first client is the baseline.
    if (index === 0 && n % 10 === 0) await timed('health', get('/api/health'), window.health);
    else {
      const op = chooseOperation();
      await timed(op.name, op.send, window.latencies);
    }
    await sleep(pauseMs);
  }
}

/** Holds the event stream open for a few seconds, reads what comes, and reconnects. */
async function streamClient() {
  while (running()) {
    const abort = new AbortController();
    try {
      const res = await fetch(`${base}/api/events`, { headers, signal: abort.signal });
      if (!res.ok) fail(`events: HTTP ${res.status}`);
      else {
        window.streamsOpened++;
        const reader = res.body!.getReader();
        const until = performance.now() + 3000 + Math.random() * 7000;
        const timer = setTimeout(() => abort.abort(), until - performance.now());
        try {
          while (!(await reader.read()).done);
        } catch (error) {
          if (!abort.signal.aborted) fail(`events: ${(error as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) fail(`events: ${(error as Error).message}`);
    }
  }
}

const samples: { minute: number; rss: number; heapUsed: number }[] = [];
const startedAt = performance.now();
const minuteNow = () => (performance.now() - startedAt) / 60_000;
async function sample() {
  const memory = await serverMemory(base);
  const rss = residentMb(server.child.pid!);
  samples.push({ minute: minuteNow(), rss, heapUsed: memory.heapUsed });
  return { rss, ...memory };
}

const at = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;
const rows: string[] = [];
function printMinute(minute: number, memory: Awaited<ReturnType<typeof sample>>) {
  const lat = [...window.latencies].sort((a, b) => a - b);
  const health = [...window.health].sort((a, b) => a - b);
  const row = [
    minute,
    lat.length,
    window.errors,
    at(lat, 0.5).toFixed(1),
    at(lat, 0.95).toFixed(1),
    at(lat, 0.99).toFixed(1),
    at(health, 0.5).toFixed(1),
    window.streamsOpened,
    memory.rss.toFixed(0),
    `${memory.heapUsed.toFixed(0)} / ${memory.heapTotal.toFixed(0)}`,
    memory.wasm.toFixed(0),
    load(),
  ].join(' | ');
  rows.push(`| ${row} |`);
  console.log(`| ${row} |`);
}

console.log(
  '\n| minute | requests | errors | p50 ms | p95 ms | p99 ms | health p50 ms (baseline) | streams opened | RSS MB | heap used / total MB | PGlite MB | load |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const work = Promise.all([
  ...Array.from({ length: clients }, (_, i) => client(i)),
  ...Array.from({ length: streams }, streamClient),
]);
// Memory every 10 s for the slope; the sample at the end of each minute goes in its row.
const sampler = setInterval(() => {
  sample().catch((error: Error) => fail(`metrics: ${error.message}`));
}, 10_000);
let totalErrors = 0;
let totalRequests = 0;
for (let minute = 1; minute <= minutes; minute++) {
  await sleep(Math.max(0, startedAt + minute * 60_000 - performance.now()));
  const memory = await sample();
  totalErrors += window.errors;
  totalRequests += window.latencies.length + window.health.length;
  printMinute(minute, memory);
  window = newWindow();
}
clearInterval(sampler);
await work;
// Requests that were under way when the time ran out.
totalErrors += window.errors;

/** Least-squares slope of y over minutes. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}
const steady = samples.filter((s) => s.minute >= warmupMinutes);
const rssSlope = slope(steady.map((s) => ({ x: s.minute, y: s.rss })));
const heapSlope = slope(steady.map((s) => ({ x: s.minute, y: s.heapUsed })));
console.log(
  `\nafter ${warmupMinutes} min of warm-up (${steady.length} samples): RSS ${rssSlope >= 0 ? '+' : ''}${rssSlope.toFixed(2)} MB/min, ` +
    `heap used ${heapSlope >= 0 ? '+' : ''}${heapSlope.toFixed(2)} MB/min`,
);
console.log(
  `${totalRequests} requests, ${edits} edits, ${totalErrors} errors; load average at end: ${load()}`,
);
for (const message of errorSamples) console.log(`  error: ${message}`);

await server.stop();
rmSync(dataDir, { recursive: true, force: true });
if (totalErrors > 0) process.exitCode = 1;

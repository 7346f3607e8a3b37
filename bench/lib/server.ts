/**
 * The real server in a child process, as `npm start` runs it (the build in dist/, with the Node
 * flags of bin/argus.js), so that its resident memory is measured alone. The benchmarks that use
 * this build it first (`npm run build:server`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Keep in step with the shebang of bin/argus.js and `npm start`. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];
const serverEntry = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** From spawning the process to the first 200 of /api/health. */
  launchToHealthyMs: number;
  /** Everything the server printed so far (the one-time password on a first start). */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `argus serve` on a data folder and resolves once /api/health answers. */
export async function launchServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, serverEntry, 'serve'], {
    env: {
      ...process.env,
      ARGUS_DATA_DIR: dataDir,
      ARGUS_DATABASE_URL: '',
      ARGUS_PORT: String(port),
      ARGUS_HOST: '127.0.0.1',
      ARGUS_LOG_LEVEL: 'warn',
      // The benchmarks read heap and PGlite memory from the server's own /metrics.
      ARGUS_METRICS_PUBLIC: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`argus serve exited:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    child,
    url,
    launchToHealthyMs: performance.now() - started,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process in MB, as the kernel counts it (VmRSS). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The unlabelled samples of the server's /metrics, by metric name. */
export async function scrapeMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][\w:]*) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** What the server's V8 heap and PGlite hold, in MB. */
export async function serverMemory(url: string) {
  const m = await scrapeMetrics(url);
  const mb = (name: string) => (m.get(name) ?? Number.NaN) / 1024 / 1024;
  return {
    heapUsed: mb('nodejs_heap_size_used_bytes'),
    heapTotal: mb('nodejs_heap_size_total_bytes'),
    external: mb('nodejs_external_memory_bytes'),
    wasm: mb('argus_pglite_wasm_memory_bytes'),
  };
}

/** The machine's 1-minute load average: the figures mean little when it is far above the cores. */
export function load(): string {
  return loadavg()[0]!.toFixed(1);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `--name value` from the command line, else the fallback. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}

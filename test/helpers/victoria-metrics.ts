import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reachable } from './engines.js';

/**
 * A private VictoriaMetrics (Debian's `victoria-metrics`) for the sink tests: single-node, a
 * temp storage folder, a free loopback port, in the foreground. Like slapd.ts: every call its
 * own folder and port, killed when the test process exits without stopping it.
 */

export const VICTORIA_METRICS_BIN =
  process.env.ARGUS_VICTORIA_METRICS ?? '/usr/bin/victoria-metrics';

/**
 * Whether the sink tests can run: the binary exists, or ARGUS_REQUIRE_SERVICES=1 (then a missing
 * binary fails the tests instead of skipping them). Prints the reason of a skip once.
 */
export function victoriaMetricsAvailable(): boolean {
  if (existsSync(VICTORIA_METRICS_BIN) || process.env.ARGUS_REQUIRE_SERVICES === '1') return true;
  process.stderr.write(
    `[argus tests] skipping the sink tests: ${VICTORIA_METRICS_BIN} is missing (Debian package victoria-metrics)\n`,
  );
  return false;
}

/** A free TCP port on loopback: bind port 0, read the port, release it. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export interface VictoriaMetrics {
  url: string;
  port: number;
  /** Makes what was written searchable now (VictoriaMetrics buffers for about a second). */
  flush(): Promise<void>;
  /** Raw samples of the series a selector matches (`/api/v1/export`: no staleness, no look-back). */
  exportSeries(selector: string): Promise<ExportedSeries[]>;
  stop(): Promise<void>;
}

/**
 * Starts VictoriaMetrics on `port` (a free one when not given: a test that needs a port closed
 * first and served later picks it with {@link freeLoopbackPort} and passes it here).
 */
export async function startVictoriaMetrics(port?: number): Promise<VictoriaMetrics> {
  if (!existsSync(VICTORIA_METRICS_BIN))
    throw new Error(`${VICTORIA_METRICS_BIN} is missing (Debian package victoria-metrics)`);
  const dir = await mkdtemp(join(tmpdir(), 'argus-vm-'));
  let child: ChildProcess | undefined;
  let chosen = port ?? 0;
  let output = '';
  // Another process may take a free port before VictoriaMetrics binds it: retry on a new one
  // (only when the caller did not ask for a port).
  for (let attempt = 0; attempt < (port ? 1 : 5) && !child; attempt++) {
    chosen = port ?? (await freeLoopbackPort());
    const proc = spawn(
      VICTORIA_METRICS_BIN,
      [
        `-httpListenAddr=127.0.0.1:${chosen}`,
        `-storageDataPath=${join(dir, 'data')}`,
        '-retentionPeriod=100y',
        // Samples are searchable as soon as they are flushed, not 30 s later.
        '-search.latencyOffset=0s',
        '-loggerLevel=ERROR',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.on('error', (error) => {
      output += `\n${error.message}`;
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 15_000;
    while (!exited && Date.now() < deadline) {
      if (await reachable('127.0.0.1', chosen, 200)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited && (await reachable('127.0.0.1', chosen, 500))) child = proc;
    else proc.kill('SIGKILL');
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`victoria-metrics did not start: ${output.trim().slice(-2000)}`);
  }
  const proc = child;
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${chosen}`;
  return {
    url,
    port: chosen,
    async flush() {
      const answer = await fetch(`${url}/internal/force_flush`);
      if (!answer.ok) throw new Error(`force_flush: HTTP ${answer.status}`);
    },
    async exportSeries(selector) {
      const answer = await fetch(
        `${url}/api/v1/export?${new URLSearchParams({ 'match[]': selector })}`,
      );
      const text = await answer.text();
      if (!answer.ok) throw new Error(`export: HTTP ${answer.status} ${text}`);
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as ExportedSeries);
    },
    async stop() {
      process.off('exit', killOnExit);
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * npm run bench:startup [-- --restarts 5 --idle 15] — how long `argus serve` takes from launch to
 * a healthy /api/health, and how much memory it holds once idle: on the first start (new data
 * folder: the database is created, migrated and loaded with the demo data) and on restarts of the
 * same folder (median). Baselines measured in the same run: a bare Node.js process, and one that
 * only opens the same data folder with Argus's embedded engine settings (the floor the database
 * costs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launchServer,
  load,
  median,
  option,
  residentMb,
  SERVER_NODE_FLAGS,
  serverMemory,
  sleep,
} from './lib/server.js';

const restarts = option('restarts', 5);
const idleMs = option('idle', 15) * 1000;

interface Row {
  name: string;
  seconds: number;
  rss: number;
  heapUsed?: number;
  heapTotal?: number;
  wasm?: number;
}

/** A Node.js process running `script`, timed to its first output and measured once idle. */
async function baseline(name: string, script: string, args: string[] = []): Promise<Row> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, '--input-type=module', '-e', script, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const seconds = (performance.now() - started) / 1000;
  await sleep(idleMs);
  const rss = residentMb(child.pid!);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  return { name, seconds, rss };
}

async function serve(dataDir: string): Promise<Row & { output: string }> {
  const server = await launchServer(dataDir);
  await sleep(idleMs);
  const rss = residentMb(server.child.pid!);
  const memory = await serverMemory(server.url);
  await server.stop();
  return {
    name: '',
    seconds: server.launchToHealthyMs / 1000,
    rss,
    ...memory,
    output: server.output(),
  };
}

console.log(`load average at start: ${load()} (${restarts} restarts, ${idleMs / 1000} s idle)`);
const dataDir = mkdtempSync(join(tmpdir(), 'argus-startup-'));
try {
  const rows: Row[] = [];
  rows.push(
    await baseline(
      'bare Node.js process (baseline)',
      'console.log(1); setInterval(() => {}, 1000);',
    ),
  );

  const first = await serve(dataDir);
  console.log(first.output.trim().split('\n')[0]);
  rows.push({ ...first, name: 'argus serve, first start (demo data)' });

  const again: Row[] = [];
  for (let i = 0; i < restarts; i++) again.push(await serve(dataDir));
  const mid = (pick: (row: Row) => number | undefined) =>
    median(again.map((r) => pick(r) ?? Number.NaN));
  rows.push({
    name: `argus serve, restart (median of ${restarts})`,
    seconds: mid((r) => r.seconds),
    rss: mid((r) => r.rss),
    heapUsed: mid((r) => r.heapUsed),
    heapTotal: mid((r) => r.heapTotal),
    wasm: mid((r) => r.wasm),
  });
  console.log(
    `restarts, launch to healthy: ${again.map((r) => r.seconds.toFixed(2)).join(', ')} s`,
  );
  console.log(`restarts, idle RSS: ${again.map((r) => r.rss.toFixed(0)).join(', ')} MB`);

  const db = new URL('../dist/platform/db.js', import.meta.url).href;
  rows.push(
    await baseline(
      'the database alone on the same folder (baseline)',
      `const { openDatabase } = await import(process.argv[1]);
       await openDatabase({ dataDir: process.argv[2] });
       console.log(1);
       setInterval(() => {}, 1000);`,
      [db, dataDir],
    ),
  );

  const cell = (n: number | undefined, digits = 0) =>
    n === undefined || Number.isNaN(n) ? '' : n.toFixed(digits);
  console.log(
    '\n| case | launch to healthy, s | idle RSS, MB | V8 heap used / total, MB | PGlite WebAssembly memory, MB |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${cell(r.seconds, 2)} | ${cell(r.rss)} | ${r.heapUsed === undefined ? '' : `${cell(r.heapUsed)} / ${cell(r.heapTotal)}`} | ${cell(r.wasm)} |`,
    );
  console.log(`\nload average at end: ${load()}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

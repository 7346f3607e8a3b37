#!/usr/bin/env -S node --max-semi-space-size=4
// The `argus` command. It runs the server compiled once by `npm run build` (dist/), so a start
// neither compiles TypeScript nor loads a compiler. In a checkout whose sources changed since
// that build, or that was never built, it runs the sources through tsx instead, so a developer
// or a test never runs stale code; ARGUS_DEV=1 always does (`npm run dev`).
// --max-semi-space-size=4 (here and in npm start): V8 otherwise grows its young generation to
// 32 MB, a quarter of an idle server's heap, for request garbage that 8 MB hold (PERFORMANCE.md).
import { existsSync, readdirSync, statSync } from 'node:fs';

const distMain = new URL('../dist/cli/main.js', import.meta.url);
// Written by `npm run build:server` once tsc has emitted everything.
const stamp = new URL('../dist/.built', import.meta.url);
const src = new URL('../src/', import.meta.url);

function sourcesChangedSince(time) {
  if (!existsSync(src)) return false;
  return readdirSync(src, { recursive: true }).some(
    (file) => !file.endsWith('.test.ts') && statSync(new URL(file, src)).mtimeMs > time,
  );
}

async function runSources() {
  let tsx = null;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    // A production install (npm ci --omit=dev) has no tsx: only the build can run.
  }
  if (tsx) {
    tsx.register();
    await import('../src/cli/main.ts');
  } else if (existsSync(distMain)) {
    process.stderr.write('argus: sources changed since `npm run build`; running the build\n');
    await import(distMain.href);
  } else {
    process.stderr.write('argus: not built; run `npm run build` first\n');
    process.exitCode = 1;
  }
}

const built =
  process.env.ARGUS_DEV !== '1' &&
  existsSync(stamp) &&
  existsSync(distMain) &&
  !sourcesChangedSince(statSync(stamp).mtimeMs);
if (built) await import(distMain.href);
else await runSources();

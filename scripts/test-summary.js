// Prints the CI line "N passed, N failed" from Vitest's JSON report. A file that failed before
// running any test (an import error) counts as one failure, so it cannot pass unnoticed, and so
// does each `--failed-check NAME` (CI's lint and type check).
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const failedChecks = [];
for (let i = args.indexOf('--failed-check'); i >= 0; i = args.indexOf('--failed-check')) {
  failedChecks.push(args[i + 1] ?? 'check');
  args.splice(i, 2);
}
const file = args[0] ?? 'test-results/vitest.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of report.testResults ?? []) {
  const tests = suite.assertionResults ?? [];
  if (suite.status === 'failed' && tests.every((t) => t.status !== 'failed')) failed++;
  for (const t of tests) {
    if (t.status === 'passed') passed++;
    else if (t.status === 'failed') failed++;
    else skipped++;
  }
}
for (const name of failedChecks) {
  console.log(`failed: ${name}`);
  failed++;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

import { DeployRunner } from '../../src/deploy/runner/runner.js';
import { openDatabase } from '../../src/platform/db.js';

/**
 * One Argus process's deploy runner for deploy-interrupt.test.ts, on the database at
 * ARGUS_DATABASE_URL, with a short lease so the test need not wait 30 s for it to lapse.
 * The test kills it with SIGKILL mid-action.
 */
const database = await openDatabase({ url: process.env.ARGUS_DATABASE_URL });
const runner = new DeployRunner(database.db, {
  pollMs: 300,
  heartbeatMs: 500,
  leaseSeconds: 4,
  worker: `child-${process.pid}`,
  onError: (error) => process.stderr.write(`deploy runner: ${error.message}\n`),
});
runner.start();
process.stdout.write('started\n');
// Kept alive by the runner's database pool; the test ends it.
setInterval(() => undefined, 60_000);

import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/platform/config.js';
import type { PollingModule } from '../../src/telemetry/plugin.js';
import { runTelemetryWorker } from '../../src/telemetry/worker-process.js';

/**
 * One worker process of telemetry-leases.test.ts: `argus telemetry worker` as the CLI runs it
 * (runTelemetryWorker), plus a module only this test knows. `main.sleep_ms` is how long a run
 * takes; `main.ignore_abort: true` makes it ignore its signal, as a hung device poll would.
 */
const sleeper: PollingModule = {
  kind: 'polling',
  name: 'test_sleeper',
  async run(ctx) {
    const main = ctx.config.sections.main ?? {};
    const ms = Number(main.sleep_ms ?? 0);
    if (main.ignore_abort === true) await sleep(ms);
    else await sleep(ms, undefined, { signal: ctx.signal });
    const at = ctx.now();
    const r = ctx.resource!;
    return {
      groups: [
        {
          resource: {
            id: r.id,
            resource_id: r.resource_id,
            resource_site: r.resource_site,
            resource_class: r.resource_class,
            resource_subclass: r.resource_subclass,
            resource_type: r.resource_type,
            resource_endpoint: r.resource_endpoint,
          },
          metrics_group_type: 'sleeper',
          metrics_group_interval: ctx.config.executeFrequency,
          metrics_group_creation_timestamp: at,
          metrics_group_schema_version: '0.2',
          dimensions: [],
          metrics: [
            {
              metric_name: 'slept_ms',
              metric_value: ms,
              metric_type: 'gauge',
              metric_creation_timestamp: at,
            },
          ],
        },
      ],
    };
  },
};

const worker = await runTelemetryWorker(loadConfig(), {
  extraModules: [sleeper],
  tickMs: 100,
  syncEveryMs: 2000,
});
process.stdout.write(`ready ${worker.workerId}\n`);
process.once('SIGTERM', () => {
  void worker.stop().then(() => process.exit(0));
});

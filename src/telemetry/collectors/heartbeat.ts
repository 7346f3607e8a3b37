import type { PollingModule } from '../plugin.js';
import { metricGroup, resourceOf } from './groups.js';

/**
 * `heartbeat`: one `heartbeat` group per run saying the pipeline is alive. A gap in its series
 * means the scheduler, the runner, the bus or the store stopped, whatever the other plugins say.
 */

export const heartbeatPolling: PollingModule = {
  kind: 'polling',
  name: 'heartbeat',
  async run(ctx) {
    resourceOf(ctx);
    const group = metricGroup(ctx, 'heartbeat', {}, [
      // The uptime of the process that ran it: a drop to near 0 shows a restart.
      ['uptime_seconds', process.uptime()],
      ['timestamp', ctx.now()],
    ]);
    return { groups: group ? [group] : [] };
  },
};

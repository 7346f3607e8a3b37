import { cpus, hostname, release, totalmem, type } from 'node:os';
import { z } from 'zod';
import type { DiscoveryModule } from '../plugin.js';
import { sectionsOf } from './groups.js';

/**
 * `self` discovery: the machine Argus runs on, as one resource, so `host` and `heartbeat` have
 * something to poll from the first minute (PRODUCT 6 "first data within one polling interval").
 */

const sections = z.object({
  main: z.strictObject({ site: z.string().min(1).max(255).default('local') }).prefault({}),
});

export const selfDiscovery: DiscoveryModule = {
  kind: 'discovery',
  name: 'self',
  sections,
  async run(ctx) {
    const { site } = sectionsOf(ctx, sections).main;
    const name = hostname();
    return {
      resources: [
        {
          resource_plugin: ctx.config.name,
          resource_site: site,
          resource_class: 'system',
          resource_subclass: 'host',
          resource_type: 'generic',
          resource_id: name,
          resource_endpoint: name,
          resource_creation_timestamp: ctx.now(),
          // Metadata values are strings in Panoptes' resource format.
          resource_metadata: {
            os_name: type(),
            os_release: release(),
            cpu_count: String(cpus().length),
            memory_total: String(totalmem()),
          },
        },
      ],
    };
  },
};

import { z } from 'zod';
import { type EnrichmentModule, type PluginContext, PluginFailure, RunStatus } from '../plugin.js';
import { DESCRIPTION_COLUMNS, describeInterfaces, interfaceTable } from './interfaces.js';
import { withSnmpSession } from './session.js';
import { settingsFor, snmpSection } from './settings.js';

/**
 * `snmp-interfaces-enrichment`: IF-MIB ifTable and ifXTable, fetched as one table (GETBULK),
 * become the `interface` namespace: per ifIndex its name, alias, description, type, speed,
 * physical address and MTU. Polling preloads it (`self:interface`) for its dimensions, so the
 * descriptive columns are walked every `enrichment_ttl` instead of every poll.
 */
export const snmpInterfacesEnrichment: EnrichmentModule = {
  kind: 'enrichment',
  name: 'snmp-interfaces-enrichment',
  sections: z.object({ snmp: snmpSection.optional() }),
  async run(ctx: PluginContext) {
    const host = ctx.resource?.resource_endpoint;
    if (!host) throw new PluginFailure(RunStatus.internalFailure, 'enrichment needs a resource');
    const table = await withSnmpSession(settingsFor(ctx), host, ctx.secret, ctx.signal, (c) =>
      interfaceTable(c, DESCRIPTION_COLUMNS),
    );
    if (table.size === 0)
      throw new PluginFailure(RunStatus.enrichmentFailure, `snmp ${host}: no rows in ifTable`);
    return { enrichments: { interface: describeInterfaces(table) } };
  },
};

import { z } from 'zod';
import type { PanoptesResourceInput } from '../../inventory/contract.js';
import {
  type DiscoveryModule,
  type DiscoveryOutput,
  type PluginContext,
  PluginFailure,
  RunStatus,
  type RunStatusCode,
} from '../plugin.js';
import { classify } from './classify.js';
import { statusOf } from './errors.js';
import { SYSTEM } from './oids.js';
import { withSnmpSession } from './session.js';
import { settingsFor, snmpSection } from './settings.js';
import { discoveryTargets, eachBounded, TargetError } from './targets.js';
import { toText } from './values.js';

/**
 * `snmp-discovery`: probes configured hosts and subnets with one GET of sysName, sysDescr and
 * sysObjectID each, and makes a resource of every agent that answers (PRODUCT 6). Addresses that
 * do not answer are skipped and counted, not errors: most of a subnet is usually empty.
 */

/** A comma-separated string (ini files) or a list (YAML). */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

export const discoverySection = z
  .object({
    hosts: list.default([]),
    subnets: list.default([]),
    /** The site the resources are put in. */
    site: z.string().min(1).default('local'),
    /** Probes in flight at once. */
    concurrency: z.coerce.number().int().min(1).max(1024).default(32),
    /** A guard against a typo like /8: more addresses than this are refused. */
    max_addresses: z.coerce.number().int().min(1).max(1_048_576).default(4096),
  })
  .strict();

const sections = z.object({ snmp: snmpSection.optional(), discovery: discoverySection });

interface Answer {
  address: string;
  sysName: string;
  sysDescr: string;
  sysObjectID: string;
}

export const snmpDiscovery: DiscoveryModule = {
  kind: 'discovery',
  name: 'snmp-discovery',
  sections,
  async run(ctx: PluginContext): Promise<DiscoveryOutput> {
    const parsed = discoverySection.safeParse(ctx.config.sections.discovery ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PluginFailure(
        RunStatus.internalFailure,
        `discovery.${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    const options = parsed.data;
    const settings = settingsFor(ctx);
    let targets: string[];
    try {
      targets = discoveryTargets(options.hosts, options.subnets, options.max_addresses);
    } catch (error) {
      if (error instanceof TargetError)
        throw new PluginFailure(RunStatus.internalFailure, `discovery: ${error.message}`);
      throw error;
    }

    const answers: Answer[] = [];
    const failures = new Map<RunStatusCode, number>();
    await eachBounded(
      targets,
      options.concurrency,
      async (address) => {
        try {
          const values = await withSnmpSession(settings, address, ctx.secret, ctx.signal, (c) =>
            c.get([SYSTEM.sysName, SYSTEM.sysDescr, SYSTEM.sysObjectID]),
          );
          answers.push({
            address,
            sysName: toText(values.get(SYSTEM.sysName)) ?? '',
            sysDescr: toText(values.get(SYSTEM.sysDescr)) ?? '',
            sysObjectID: String(values.get(SYSTEM.sysObjectID) ?? ''),
          });
        } catch (error) {
          const status = statusOf(error);
          failures.set(status, (failures.get(status) ?? 0) + 1);
        }
      },
      ctx.signal,
    );

    const silent =
      (failures.get(RunStatus.timeout) ?? 0) + (failures.get(RunStatus.networkFailure) ?? 0);
    const refused = failures.get(RunStatus.authFailure) ?? 0;
    ctx.log.info(
      { probed: targets.length, answered: answers.length, silent, refused },
      'snmp discovery finished',
    );
    // Agents that refused every probe while none answered: the credentials are wrong, say so.
    if (answers.length === 0 && refused > 0)
      throw new PluginFailure(
        RunStatus.authFailure,
        `snmp discovery: ${refused} agent(s) refused the credentials, none answered`,
      );
    return { resources: toResources(answers, options.site, ctx.config.name, ctx.now()) };
  },
};

/**
 * Resources named by sysName, or by address when the agent has none or when two addresses
 * answered with the same sysName (two devices left at a default name must not merge).
 */
function toResources(
  answers: readonly Answer[],
  site: string,
  plugin: string,
  now: number,
): PanoptesResourceInput[] {
  const names = new Map<string, number>();
  for (const a of answers) if (a.sysName) names.set(a.sysName, (names.get(a.sysName) ?? 0) + 1);
  return [...answers]
    .sort((a, b) => a.address.localeCompare(b.address))
    .map((a) => ({
      resource_id: a.sysName && names.get(a.sysName) === 1 ? a.sysName : a.address,
      resource_site: site,
      ...classify(a.sysObjectID, a.sysDescr),
      resource_endpoint: a.address,
      resource_plugin: plugin,
      resource_creation_timestamp: now,
      resource_metadata: {
        snmp_sysname: a.sysName.slice(0, 4096),
        snmp_sysdescr: a.sysDescr.slice(0, 4096),
        snmp_sysobjectid: a.sysObjectID,
      },
    }));
}

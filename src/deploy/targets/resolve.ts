import { DslError } from '../../dsl/errors.js';
import type { InventoryService } from '../../inventory/service.js';
import { Invalid } from '../../platform/errors.js';
import type { PlannedHost } from '../plan.js';
import { DeployErrors } from '../spaces/errors.js';
import type { ExecutionSettings } from './settings.js';

/** `name` or `name:port`. */
function explicitHost(text: string, defaultPort: number): PlannedHost {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  if (match && !match[1]!.includes(':')) return { host: match[1]!, port: Number(match[2]) };
  return { host: text, port: defaultPort };
}

/**
 * The hosts an action acts on, resolved at request time: the configuration's `hosts:` list, or
 * `targets: {filter}` over inventory resources (each resource's endpoint is a host). The
 * request may narrow them to some of those (`hosts`); a host outside them is refused, as is a
 * filter that does not parse or a selection with no host.
 */
export async function resolveTargets(
  inventory: Pick<InventoryService, 'selectResources'>,
  settings: ExecutionSettings,
  requested?: string[],
): Promise<PlannedHost[]> {
  let hosts: PlannedHost[] = (settings.hosts ?? []).map((h) => explicitHost(h, settings.ssh.port));
  if (settings.targets) {
    let selected: Awaited<ReturnType<InventoryService['selectResources']>>;
    try {
      selected = await inventory.selectResources(settings.targets.filter);
    } catch (error) {
      if (error instanceof DslError)
        throw Invalid.field(DeployErrors.invalid, 'targets.filter', error.message);
      throw error;
    }
    hosts = [
      ...hosts,
      ...selected
        .filter((r) => r.resource_endpoint)
        .map((r) => ({
          ...explicitHost(r.resource_endpoint, settings.ssh.port),
          resourceId: r.id,
        })),
    ];
  }
  const unique = [...new Map(hosts.map((h) => [h.host, h])).values()];
  if (unique.length === 0)
    throw Invalid.field(
      DeployErrors.noTarget,
      settings.targets ? 'targets.filter' : 'hosts',
      settings.targets
        ? 'the filter selects no host'
        : 'the configuration names no host (hosts: or targets:)',
    );
  if (!requested || requested.length === 0) return unique;
  const byName = new Map(unique.map((h) => [h.host, h]));
  return requested.map((name, i) => {
    const host = byName.get(name);
    if (!host)
      throw Invalid.field(
        DeployErrors.noTarget,
        `hosts[${i}]`,
        `"${name}" is not a target of this component here`,
      );
    return host;
  });
}

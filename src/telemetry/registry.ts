import { heartbeatPolling } from './collectors/heartbeat.js';
import { hostPolling } from './collectors/host.js';
import { httpPolling } from './collectors/http.js';
import { jsonFileDiscovery, panoptesJsonFileDiscovery } from './collectors/json-file.js';
import { pingPolling } from './collectors/ping.js';
import { selfDiscovery } from './collectors/self.js';
import { sshHostPolling } from './collectors/ssh-host.js';
import type { PluginModule } from './plugin.js';
import { snmpDiscovery } from './snmp/discovery.js';
import { snmpHost } from './snmp/host-resources.js';
import { snmpInterfacesEnrichment } from './snmp/interfaces-enrichment.js';
import { snmpInterfaces } from './snmp/interfaces-polling.js';

/**
 * The built-in plugin modules by the name configurations give in `module:`. Each module's owner
 * adds one import and one entry below; the runner and the plugin loader look names up here, so a
 * configuration naming an unknown module is refused when it is loaded, not when it first runs.
 */
const builtIn: readonly PluginModule[] = [
  // one line per module, e.g. hostPolling,
  snmpDiscovery,
  snmpInterfacesEnrichment,
  snmpInterfaces,
  snmpHost,
  jsonFileDiscovery,
  panoptesJsonFileDiscovery,
  selfDiscovery,
  hostPolling,
  sshHostPolling,
  pingPolling,
  httpPolling,
  heartbeatPolling,
];

export type ModuleRegistry = ReadonlyMap<string, PluginModule>;

/** The registry of built-in modules, plus `extra` (tests register their own small modules). */
export function moduleRegistry(extra: readonly PluginModule[] = []): ModuleRegistry {
  const registry = new Map<string, PluginModule>();
  for (const module of [...builtIn, ...extra]) {
    if (registry.has(module.name))
      throw new Error(`plugin module "${module.name}" is registered twice`);
    registry.set(module.name, module);
  }
  return registry;
}

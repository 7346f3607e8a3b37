import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PanoptesResourceInput } from '../../inventory/contract.js';
import { type DiscoveryModule, PluginFailure, RunStatus } from '../plugin.js';
import { sectionsOf } from './groups.js';

/**
 * `json-file` discovery: the resources listed in a Panoptes resource file (a JSON array of
 * resources, as Panoptes' plugin_discovery_from_json_file reads; `[main] config_file`).
 *
 * Records go to the inventory as the file has them, in its order: the inventory checks each one
 * and reports a bad record by its index and field, which the runner turns into status 4 with the
 * good records stored. A file that cannot be read or is not a JSON array is status 5.
 */

const sections = z.object({
  main: z.strictObject({ config_file: z.string().min(1, 'the path of the resource file') }),
});

export const jsonFileDiscovery: DiscoveryModule = {
  kind: 'discovery',
  name: 'json-file',
  sections,
  async run(ctx) {
    const path = sectionsOf(ctx, sections).main.config_file;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new PluginFailure(RunStatus.internalFailure, `cannot read ${path}: ${code}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new PluginFailure(
        RunStatus.internalFailure,
        `${path} is not JSON: ${(error as Error).message}`,
      );
    }
    if (!Array.isArray(data)) {
      throw new PluginFailure(RunStatus.internalFailure, `${path}: expected an array of resources`);
    }
    // Unchecked on purpose (see above): the inventory's check names index and field.
    return { resources: data as PanoptesResourceInput[] };
  },
};

/** The same module under the name Panoptes' own configuration files give (`Module = ...`). */
export const panoptesJsonFileDiscovery: DiscoveryModule = {
  ...jsonFileDiscovery,
  name: 'plugin_discovery_from_json_file',
};

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleRegistry } from '../registry.js';
import {
  type LoadedPlugin,
  PluginFileError,
  parsePluginFile,
  pluginFileExtensions,
} from './plugin-file.js';

/**
 * The plugin files of every folder, read into the plugins to schedule and the errors to show.
 * One bad file is skipped with its error; the others load. Folders are read in order, and a
 * plugin in a later folder replaces one of the same name in an earlier folder: the operator's
 * folder overrides a shipped default (say, to poll the machine itself less often) by name.
 */

/** The plugins shipped with Argus (`plugins/` at the root of the install). */
export const shippedPluginsDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../plugins',
);

export interface PluginLoadError {
  file: string;
  key: string;
  reason: string;
}

export interface PluginSet {
  plugins: LoadedPlugin[];
  errors: PluginLoadError[];
  loadedAt: Date;
}

function pluginFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => (pluginFileExtensions as readonly string[]).includes(extname(file)))
    .map((file) => join(dir, file))
    .sort();
}

export function loadPluginSet(dirs: readonly string[], modules: ModuleRegistry): PluginSet {
  const byName = new Map<string, LoadedPlugin>();
  const errors: PluginLoadError[] = [];
  for (const dir of dirs) {
    const seenHere = new Map<string, string>();
    for (const file of pluginFiles(dir)) {
      try {
        const plugin = parsePluginFile(file, readFileSync(file, 'utf8'), modules);
        const name = plugin.config.name;
        const earlier = seenHere.get(name);
        if (earlier)
          throw new PluginFileError(file, 'name', `"${name}" is already the name of ${earlier}`);
        seenHere.set(name, file);
        byName.set(name, plugin);
      } catch (error) {
        if (error instanceof PluginFileError) {
          errors.push({ file: error.file, key: error.key, reason: error.reason });
        } else {
          errors.push({ file, key: '(file)', reason: (error as Error).message });
        }
      }
    }
  }
  return { plugins: [...byName.values()], errors, loadedAt: new Date() };
}

/**
 * The current plugin set, shared by the scheduler (which reloads it) and the plugins API (which
 * shows it), so both see the same files and the same errors.
 */
export class PluginCatalog {
  private current: PluginSet | null = null;

  constructor(
    readonly dirs: readonly string[],
    readonly modules: ModuleRegistry,
  ) {}

  /** Reads the folders again; returns the new set. */
  reload(): PluginSet {
    this.current = loadPluginSet(this.dirs, this.modules);
    return this.current;
  }

  snapshot(): PluginSet {
    return this.current ?? this.reload();
  }
}

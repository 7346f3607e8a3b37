import { Invalid } from '../../platform/errors.js';
import { DeployErrors } from '../spaces/errors.js';

/**
 * The effective deploy configuration (PRODUCT 8): layers merged in order, the later over the
 * earlier (environment < component for all environments < component for this environment).
 * Objects merge key by key; arrays and scalars replace whatever was there; an object meeting a
 * non-object (or the reverse) is a clash, refused with the path and both layers, because either
 * choice would silently drop someone's settings.
 */

export type ConfigDocument = Record<string, unknown>;

export interface ConfigLayer {
  /** Shown to people: `environment dc-prod`, `component payments-api (all environments)`. */
  source: string;
  document: ConfigDocument;
}

export interface EffectiveConfig {
  config: ConfigDocument;
  /** Per leaf path (dotted; arrays and empty objects are leaves): the layer its value came from. */
  sources: Record<string, string>;
}

export function isObject(value: unknown): value is ConfigDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a mapping';
  return 'a value';
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every leaf path under `value`, recorded as coming from `source`. */
function markLeaves(
  value: unknown,
  path: string,
  source: string,
  sources: Record<string, string>,
): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value))
      markLeaves(child, join(path, key), source, sources);
  } else sources[path] = source;
}

/** Drops the recorded sources of `path` and everything under it (a value replaced as a whole). */
function forget(path: string, sources: Record<string, string>): void {
  for (const key of Object.keys(sources))
    if (key === path || key.startsWith(`${path}.`)) delete sources[key];
}

/** The layer that set `path` (for a mapping: the first layer that set a value under it). */
function setBy(path: string, sources: Record<string, string>): string {
  const under = Object.keys(sources).find((key) => key.startsWith(`${path}.`));
  return sources[path] ?? (under ? sources[under]! : 'an earlier layer');
}

function mergeInto(
  target: ConfigDocument,
  layer: ConfigDocument,
  path: string,
  source: string,
  sources: Record<string, string>,
): void {
  for (const [key, incoming] of Object.entries(layer)) {
    const at = join(path, key);
    const current = target[key];
    if (current === undefined) {
      target[key] = structuredClone(incoming);
      markLeaves(incoming, at, source, sources);
      continue;
    }
    if (isObject(current) !== isObject(incoming)) {
      throw Invalid.field(
        DeployErrors.configClash,
        at,
        `${setBy(at, sources)} sets ${kindOf(current)}, ${source} sets ${kindOf(incoming)}`,
      );
    }
    if (isObject(current) && isObject(incoming)) {
      if (Object.keys(incoming).length === 0 && Object.keys(current).length === 0)
        sources[at] = source;
      mergeInto(current, incoming, at, source, sources);
      continue;
    }
    forget(at, sources);
    target[key] = structuredClone(incoming);
    sources[at] = source;
  }
}

export function mergeLayers(layers: readonly ConfigLayer[]): EffectiveConfig {
  const config: ConfigDocument = {};
  const sources: Record<string, string> = {};
  for (const layer of layers) mergeInto(config, layer.document, '', layer.source, sources);
  return { config, sources };
}

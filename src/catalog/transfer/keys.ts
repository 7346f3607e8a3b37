import { requirementKeys } from '../../requirements/keys.js';
import { catalogKeys } from '../bulk/keys.js';

/**
 * Natural keys of everything an import writes: the catalog's (catalog/bulk/keys.ts), the
 * requirements module's (requirements/bulk.ts) and the radar's. The import report names records by these.
 */

const low = (s: string) => s.trim().toLowerCase();

export const keys = {
  ...catalogKeys,
  ...requirementKeys,
  quadrant: (name: string) => `quadrant:${low(name)}`,
  ring: (name: string) => `ring:${low(name)}`,
  radarEntry: (label: string) => `entry:${low(label)}`,
  radarHistory: (entryKey: string, date: Date) => `${entryKey}@${date.toISOString()}`,
};

/**
 * A valid entity name (Backstage's rule) from free text: "My PostgreSQL DB" -> `my-postgresql-db`.
 * `taken` holds lower-cased names already used; a clash gets `-2`, `-3`, ...
 */
export function slugify(text: string, taken?: Set<string>): string {
  const base =
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63)
      .replace(/-+$/g, '') || 'unnamed';
  if (!taken) return base;
  let name = base;
  for (let i = 2; taken.has(name); i++) {
    const suffix = `-${i}`;
    name = `${base.slice(0, 63 - suffix.length).replace(/-+$/g, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}

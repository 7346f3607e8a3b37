import { componentKeyOfRef } from '../bulk/import.js';
import type { UsedValue } from '../bulk/reference-items.js';
import type { ReferenceList } from '../contract.js';
import type { CatalogContent } from './document.js';

/** What a document refers to, for the bulk operations to load or add in one go. */

/**
 * The reference list values a document's components, versions and deployments use, by list and
 * lower-cased value, with the parent a new item would get: the lists gain those they lack.
 */
export function usedValues(doc: CatalogContent): Map<ReferenceList, Map<string, UsedValue>> {
  const used = new Map<ReferenceList, Map<string, UsedValue>>();
  const use = (
    list: ReferenceList,
    value: string | null | undefined,
    parent: string | null = null,
  ) => {
    if (value === null || value === undefined || value.trim() === '') return;
    let map = used.get(list);
    if (!map) {
      map = new Map();
      used.set(list, map);
    }
    const key = value.trim().toLowerCase();
    if (!map.has(key)) map.set(key, { name: value.trim(), parent });
  };
  for (const c of doc.components) {
    use('component_types', c.type);
    use('categories', c.category);
    use('subcategories', c.subcategory, c.category ?? null);
    use('vendors', c.vendor);
    use('privacy_classes', c.privacyClass);
    for (const l of c.locationClasses ?? []) use('location_classes', l);
  }
  for (const v of doc.versions) {
    for (const x of v.languages ?? []) use('languages', x);
    for (const x of v.frameworks ?? []) use('frameworks', x);
    for (const x of v.databases ?? []) use('databases', x);
    for (const x of v.orms ?? []) use('orms', x);
    for (const x of v.loggers ?? []) use('loggers', x);
    for (const x of v.runtimes ?? []) use('runtimes', x);
  }
  for (const d of doc.deployments) {
    use('environments', d.environment);
    use('location_classes', d.locationClass);
    use('product_versions', d.productVersion);
    use('runtimes', d.runtime);
  }
  return used;
}

/** The keys of the components the document's versions, dependencies, deployments and statuses name. */
export function referencedComponents(doc: CatalogContent): string[] {
  const needed = new Set<string>();
  const add = (ref: string) => {
    const key = componentKeyOfRef(ref);
    if (key) needed.add(key);
  };
  for (const v of doc.versions) add(v.component);
  for (const d of doc.dependencies) {
    add(d.from);
    add(d.to);
  }
  for (const d of doc.deployments) add(d.component);
  for (const r of doc.requirementStatuses) add(r.component);
  return [...needed];
}

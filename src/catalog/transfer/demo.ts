import { readFile } from 'node:fs/promises';
import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { importContent } from './apply.js';
import { parseArgusDocument } from './argus-json.js';
import { parseJson } from './input.js';

/** The demo catalog of Kestrel Freight, a fictional parcel carrier, in Argus JSON. */
export const DEMO_CATALOG = new URL('../demo/catalog.json', import.meta.url);

/**
 * Loads the demo catalog (first start of `argus serve` without --no-demo) and answers a
 * one-line summary, such as "42 components, 8 teams, 25 people".
 */
export async function loadDemoCatalog(db: Db, bus: EventBus, ctx: RequestContext): Promise<string> {
  const doc = parseArgusDocument(parseJson(await readFile(DEMO_CATALOG)));
  await importContent(db, bus, ctx, doc, { source: 'demo catalog' });
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(doc.components.length, 'component', 'components'),
    plural(doc.versions.length, 'version', 'versions'),
    plural(doc.dependencies.length, 'dependency', 'dependencies'),
    plural(doc.teams.length, 'team', 'teams'),
    plural(doc.people.length, 'person', 'people'),
    plural(doc.requirementSets.length, 'requirement set', 'requirement sets'),
    plural(doc.radar.entries.length, 'radar entry', 'radar entries'),
    plural(
      doc.entities.length,
      'system, domain, API or resource',
      'systems, domains, APIs and resources',
    ),
  ].join(', ');
}

import type { Db } from '../../platform/db.js';
import { readRadarContent } from '../../radar/bulk.js';
import { readRequirementRecords } from '../../requirements/bulk-read.js';
import { readCatalogRecords } from '../bulk/read.js';
import { ARGUS_FORMAT, ARGUS_FORMAT_VERSION, type ArgusDocument } from './document.js';

/**
 * Reads everything an Argus document holds: the catalog's records (catalog/bulk/read.ts), the
 * requirements module's (requirements/bulk-read.ts) and the radar's (radar/bulk.ts), in a stable order, so
 * exporting twice gives the same bytes.
 */
export async function readCatalog(db: Db): Promise<ArgusDocument> {
  const { records, naming } = await readCatalogRecords(db);
  const requirementRecords = await readRequirementRecords(db, naming);

  const radar = await readRadarContent(db);

  return {
    format: ARGUS_FORMAT,
    version: ARGUS_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    ...records,
    ...requirementRecords,
    radar,
  };
}

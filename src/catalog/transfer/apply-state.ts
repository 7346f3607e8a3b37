import type { RequestContext } from '../../platform/context.js';
import type { ProgressCallback } from '../../platform/progress.js';
import type { Work } from '../../platform/unit-of-work.js';
import { CatalogImport, type RefEntry } from '../bulk/import.js';
import type { CatalogContent } from './document.js';
import { ModelCounter } from './report.js';

export type { Outcome, RefEntry, Step } from '../bulk/import.js';
// Requirements and the radar still plan here until they move into their modules' bulk operations.
export { formatComponentRef as formatRef } from '../refs.js';

/**
 * One import of a document: the catalog's bulk operations' shared state (CatalogImport), the
 * document, and what the requirements and radar phases share.
 */
export class ApplyState extends CatalogImport {
  declare readonly counts: ModelCounter;
  readonly requirements = new Map<string, RefEntry>();

  constructor(
    work: Work,
    ctx: RequestContext,
    readonly doc: CatalogContent,
    readonly source: string,
    onProgress: ProgressCallback,
  ) {
    super(work, ctx, `imported from ${source}`, new ModelCounter(), onProgress);
  }
}

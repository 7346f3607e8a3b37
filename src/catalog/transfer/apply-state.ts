import type { RequestContext } from '../../platform/context.js';
import type { ProgressCallback } from '../../platform/progress.js';
import type { Work } from '../../platform/unit-of-work.js';
import { CatalogImport } from '../bulk/import.js';
import type { CatalogContent } from './document.js';
import { ModelCounter } from './report.js';

export type { Outcome } from '../bulk/import.js';

/**
 * One import of a document: the catalog's bulk operations' shared state (CatalogImport), which
 * the requirements and radar modules' operations run in too, and the document.
 */
export class ApplyState extends CatalogImport {
  declare readonly counts: ModelCounter;

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

import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { type ProgressCallback, throttledProgress } from '../../platform/progress.js';
import { inTransaction, type Work } from '../../platform/unit-of-work.js';
import {
  importRequirementSets,
  importRequirements,
  RequirementsImport,
} from '../../requirements/bulk.js';
import { importRequirementStatuses } from '../../requirements/bulk-statuses.js';
import { importComponents } from '../bulk/components.js';
import { importDependencies } from '../bulk/dependencies.js';
import { importDeployments } from '../bulk/deployments.js';
import { type EntityPlan, importEntities, importRelations } from '../bulk/entities.js';
import { importPeople } from '../bulk/people.js';
import { importReferenceItems } from '../bulk/reference-items.js';
import { upsertTeams } from '../bulk/teams.js';
import { importVersions } from '../bulk/versions.js';
import { requireAdmin } from '../rights.js';
import { planRadar } from './apply-radar.js';
import { ApplyState, type Outcome } from './apply-state.js';
import type { CatalogContent } from './document.js';
import { invalidInput } from './errors.js';
import { referencedComponents, usedValues } from './references.js';
import type { ModelCount, RecordNote } from './report.js';

export type { Outcome } from './apply-state.js';

export interface ApplyOptions {
  /** Named in the audit reason of every change (`imported from <source>`). */
  source: string;
  onProgress?: ProgressCallback;
}

export interface ApplyResult {
  /** Per Argus entity kind (`components`, `reference:vendors`, ...). */
  counts: ModelCount[];
  /** What became of each record of the document, by natural key (see keys.ts). */
  outcomes: Map<string, Outcome>;
  notes: RecordNote[];
  warnings: string[];
}

/**
 * Stores a document in the caller's transaction: validates all of it first (every problem is
 * reported at once, nothing is written if any), then writes in batches, matching existing
 * entities by name so a second import of the same document updates instead of duplicating.
 */
export async function applyContent(
  work: Work,
  ctx: RequestContext,
  doc: CatalogContent,
  options: ApplyOptions,
): Promise<ApplyResult> {
  requireAdmin(ctx, 'import data');
  const progress = throttledProgress(options.onProgress);
  const s = new ApplyState(work, ctx, doc, options.source, progress);
  let entities: EntityPlan = { ids: new Map() };
  const plans: [string, () => Promise<unknown>][] = [
    ['reference lists', () => importReferenceItems(s, doc.referenceLists, usedValues(doc))],
    ['people', () => importPeople(s, doc.people)],
    ['teams', () => upsertTeams(s, doc.teams)],
    [
      'systems, domains, APIs and resources',
      async () => (entities = await importEntities(s, doc.entities, doc.components)),
    ],
    ['components', () => importComponents(s, doc.components, referencedComponents(doc))],
    ['versions', () => importVersions(s, doc.versions)],
    ['dependencies', () => importDependencies(s, doc.dependencies)],
    ['relations', () => importRelations(s, doc.relations, entities)],
    ['deployments', () => importDeployments(s, doc.deployments)],
  ];
  const requirements = new RequirementsImport(s);
  plans.push(
    ['requirements', () => importRequirements(requirements, doc.requirements)],
    ['requirement sets', () => importRequirementSets(requirements, doc.requirementSets)],
    [
      'requirement statuses',
      () => importRequirementStatuses(requirements, doc.requirementStatuses),
    ],
    ['radar', () => planRadar(s)],
  );
  for (const [i, [phase, plan]] of plans.entries()) {
    progress(i, plans.length, `checking ${phase}`);
    await plan();
  }
  progress(plans.length, plans.length, 'checking');
  if (s.problems.length > 0) throw invalidInput(s.problems, 'the document');

  await s.write();
  s.emitChanges();
  work.emit('import', `import:${options.source}`, 'create');
  return { counts: s.counts.list(), outcomes: s.outcomes, notes: s.notes, warnings: s.warnings };
}

/** `applyContent` in a transaction of its own: all of the document is stored, or none of it. */
export function importContent(
  db: Db,
  bus: EventBus,
  ctx: RequestContext,
  doc: CatalogContent,
  options: ApplyOptions,
): Promise<ApplyResult> {
  requireAdmin(ctx, 'import data');
  // Foreign keys stay checked on both engines: the phases write what others point at first.
  return inTransaction(db, bus, ctx, (work) => applyContent(work, ctx, doc, options));
}

export { ApplyState };

import type { EventBus } from '../../platform/bus.js';
import type { RequestContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { type ProgressCallback, throttledProgress } from '../../platform/progress.js';
import { inTransaction, type Work } from '../../platform/unit-of-work.js';
import { requireAdmin } from '../rights.js';
import { planComponents, planVersions } from './apply-components.js';
import { planDependencies } from './apply-dependencies.js';
import { planDeployments } from './apply-deployments.js';
import { planPeople, planReferenceLists, planTeams } from './apply-directory.js';
import { type EntityPlan, planEntities, planRelations } from './apply-entities.js';
import { planRadar } from './apply-radar.js';
import {
  planRequirementSets,
  planRequirementStatuses,
  planRequirements,
} from './apply-requirements.js';
import { ApplyState, type Outcome } from './apply-state.js';
import type { CatalogContent } from './document.js';
import { invalidInput } from './errors.js';
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
    ['reference lists', () => planReferenceLists(s)],
    ['people', () => planPeople(s)],
    ['teams', () => planTeams(s)],
    ['systems, domains, APIs and resources', async () => (entities = await planEntities(s))],
    ['components', () => planComponents(s)],
    ['versions', () => planVersions(s)],
    ['dependencies', () => planDependencies(s)],
    ['relations', () => planRelations(s, entities)],
    ['deployments', () => planDeployments(s)],
  ];
  let titles = new Map<string, string>();
  plans.push(
    ['requirements', async () => (titles = await planRequirements(s))],
    ['requirement sets', () => planRequirementSets(s, titles)],
    ['requirement statuses', () => planRequirementStatuses(s)],
    ['radar', () => planRadar(s)],
  );
  for (const [i, [phase, plan]] of plans.entries()) {
    progress(i, plans.length, `checking ${phase}`);
    await plan();
  }
  progress(plans.length, plans.length, 'checking');
  if (s.problems.length > 0) throw invalidInput(s.problems, 'the document');

  for (const step of s.steps) {
    progress(0, step.units, step.phase);
    await step.run((done) => progress(done, step.units, step.phase));
    progress(step.units, step.units, step.phase);
  }
  const auditRows = s.audit.size;
  progress(0, auditRows, 'history');
  await s.audit.flush(s.tx, (done) => progress(done, auditRows, 'history'));
  progress(auditRows, auditRows, 'history');

  if (!s.changedOverflow) {
    const seen = new Set<string>();
    for (const c of s.changed) {
      const id = `${c.type} ${c.ref} ${c.action}`;
      if (seen.has(id)) continue;
      seen.add(id);
      work.emit(c.type, c.ref, c.action);
    }
  }
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

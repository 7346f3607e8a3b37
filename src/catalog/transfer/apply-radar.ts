import { planRadarUpsert } from '../../radar/bulk.js';
import type { ApplyState } from './apply-state.js';
import { keys } from './keys.js';

/**
 * The tech radar of an import: the radar module's bulk operation checks and writes it; this
 * only carries its problems, counts and outcomes into the import's report.
 */
export async function planRadar(s: ApplyState): Promise<void> {
  const plan = await planRadarUpsert(s.tx, s.doc.radar, 'radar');
  for (const problem of plan.problems) s.problem(problem.field, problem.reason);
  for (const [model, read] of Object.entries(plan.reads))
    if (read > 0) s.counts.add(model, 'read', read);
  for (const o of plan.outcomes) {
    const key =
      o.model === 'radar_quadrants'
        ? keys.quadrant(o.name)
        : o.model === 'radar_rings'
          ? keys.ring(o.name)
          : o.model === 'radar_entries'
            ? keys.radarEntry(o.name)
            : keys.radarHistory(keys.radarEntry(o.name), o.date!);
    s.outcome(o.model, key, o.outcome);
  }
  for (const e of plan.events) s.change(e.type, e.ref, e.action);
  s.steps.push({
    phase: 'radar',
    units: plan.units,
    run: (tick) => plan.write(s.tx, s.ctx, `imported from ${s.source}`, tick),
  });
}

/**
 * `level`, `level_rank` and `score` as component filter fields (PRODUCT 4), provided to the
 * catalog through its field-provider hook (src/catalog/component-field-providers.ts; the
 * composition root registers them). Each component is assessed by its latest version exactly as
 * the read views assess it (assess.ts), once per data generation, and the filter reads that
 * snapshot: in SQL as a map bound as one jsonb parameter and looked up by component id, in memory
 * from the same map, so both compilers see the same values.
 *
 * - `level`: the name of the highest level the latest version reaches; missing (IS NULL) when it
 *   reaches none. Text: `=`, `!=`, `IN`, `LIKE` by name; ordering operators compare names as text.
 * - `level_rank`: that level's place on the ladder, 1 for the lowest, 0 when none is reached; the
 *   field to order by (`level_rank >= 2`: Silver or above on the default ladder).
 * - `score`: the sign-off score, as the scorecard's `signOff` (approved or exempted over applicable
 *   requirements, a missing sign-off unsigned; 100 when none apply).
 */
import { type SQL, sql } from 'drizzle-orm';
import type {
  ComponentFieldProvider,
  ComponentFieldSet,
} from '../catalog/component-field-providers.js';
import { components, componentVersions } from '../catalog/schema.js';
import type { FieldSpec } from '../dsl/index.js';
import { type Db, queryRows } from '../platform/db.js';
import { currentGeneration } from '../platform/generation.js';
import { assess, loadFacts, type Target } from './assess.js';
import { signOffScore } from './derive.js';
import { latestByComponent } from './latest.js';
import { loadRequirementModel } from './model.js';

export const REQUIREMENT_FIELD_NAMES = ['level', 'level_rank', 'score'] as const;
type Name = (typeof REQUIREMENT_FIELD_NAMES)[number];

/** Per component id, the value of each field (a component without a level has no `level`). */
type Values = Record<Name, Map<string, string | number>>;

interface Snapshot {
  /** The instant after which an approved exemption has expired, so the values may be stale. */
  validUntil: number;
  fields: ComponentFieldSet;
}

/** Every component's latest version, or null for a component without versions. */
async function latestTargets(db: Db): Promise<Target[]> {
  const rows = await queryRows<{
    component_id: string;
    version_id: string | null;
    version: string | null;
  }>(
    db,
    sql`SELECT c.id AS component_id, v.id AS version_id, v.version
        FROM ${components} c LEFT JOIN ${componentVersions} v ON v.component_id = c.id`,
  );
  const latest = latestByComponent(
    rows.map((r) => ({ componentId: r.component_id, versionId: r.version_id, version: r.version })),
  );
  const ids = new Set(rows.map((r) => r.component_id));
  return [...ids].map((id) => ({ componentId: id, versionId: latest.get(id)?.id ?? null }));
}

/** Assesses every component at `now`, as the views do. */
async function assessAll(db: Db, now: Date): Promise<{ values: Values; validUntil: number }> {
  const model = await loadRequirementModel(db);
  const targets = await latestTargets(db);
  const facts = await loadFacts(db, model, targets);
  const rank = new Map(model.ladder.map((level, i) => [level.id, i + 1]));
  const values: Values = { level: new Map(), level_rank: new Map(), score: new Map() };
  for (const target of targets) {
    const assessment = assess(model, facts, target, now);
    const reached = assessment.level.reached;
    if (reached) values.level.set(target.componentId, reached.name);
    values.level_rank.set(target.componentId, reached ? (rank.get(reached.id) ?? 0) : 0);
    values.score.set(target.componentId, signOffScore([...assessment.outcomes.values()]));
  }
  let validUntil = Number.POSITIVE_INFINITY;
  for (const exemptions of facts.exemptions.values())
    for (const e of exemptions) {
      const expiry = e.expiresAt.getTime();
      if (e.state === 'approved' && expiry > now.getTime())
        validUntil = Math.min(validUntil, expiry);
    }
  return { values, validUntil };
}

/**
 * One field over a snapshot map. The map goes to the database as one jsonb parameter, parsed
 * once per query; `->>` then finds a component's value by key without a scan.
 */
function snapshotField(
  type: 'text' | 'number',
  values: Map<string, string | number>,
): FieldSpec<{ id: string }, unknown> {
  const map = JSON.stringify(Object.fromEntries(values));
  const lookup: SQL = sql`(${map}::jsonb ->> (${components.id})::text)`;
  return {
    type,
    shape: 'scalar',
    sql: () => (type === 'number' ? sql`(${lookup})::double precision` : lookup),
    get: (component) => values.get(component.id),
  };
}

export class RequirementFilterFields implements ComponentFieldProvider {
  readonly names: readonly string[] = REQUIREMENT_FIELD_NAMES;
  private cached?: { generation: number; snapshot: Promise<Snapshot> };

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The fields over a snapshot of this data generation, taken again once an exemption expires. */
  async load(): Promise<ComponentFieldSet> {
    const generation = await currentGeneration(this.db);
    const now = this.now();
    if (this.cached?.generation === generation) {
      // A failed computation is not kept: the next filter tries again.
      const held = await this.cached.snapshot.catch(() => undefined);
      if (held && now.getTime() < held.validUntil) return held.fields;
    }
    const snapshot = assessAll(this.db, now).then(({ values, validUntil }) => ({
      validUntil,
      fields: {
        level: snapshotField('text', values.level),
        level_rank: snapshotField('number', values.level_rank),
        score: snapshotField('number', values.score),
      },
    }));
    this.cached = { generation, snapshot };
    return (await snapshot).fields;
  }
}

import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { catalogKeys } from '../catalog/bulk/keys.js';
import { formatComponentRef } from '../catalog/refs.js';
import { changedFields, pickFields } from '../platform/audit/service.js';
import { insertMany } from '../platform/bulk-insert.js';
import type { RequirementsImport } from './bulk.js';
import { OVERALL_STATUSES, type OverallStatus } from './contract.js';
import { overallStatus } from './derive.js';
import { requirementKeys } from './keys.js';
import { RequirementStatusRecord } from './records.js';
import { STATUS_HISTORY_ENTITY } from './resets.js';
import { requirementStatuses } from './schema.js';

type Row = Record<string, unknown>;

const low = (s: string) => s.trim().toLowerCase();

const STATUS_FIELDS = ['ownerStatus', 'ownerNotes', 'reviewerStatus', 'reviewerNotes'] as const;

/**
 * How a source's overall status reads in Argus's words: `ready` (Panopticum's word for a
 * requirement met) is ok, and its `not ready` stands both for not ready and for not approved.
 */
function acceptedOverall(spelled: string): readonly OverallStatus[] | null {
  const word = low(spelled).replace(/[\s-]+/g, '_');
  if (word === 'ready') return ['ok'];
  if (word === 'not_ready') return ['not_ready', 'not_approved'];
  if (word === 'na' || word === 'not_applicable') return ['n/a'];
  return (OVERALL_STATUSES as readonly string[]).includes(word) ? [word as OverallStatus] : null;
}

interface StatusGroup {
  versionId: string;
  requirementId: string;
  key: string;
  ref: string;
  label: string;
  given: Row;
  overall?: string;
  updatedAt?: Date;
}

/**
 * Sets the owner and reviewer sides of requirements on versions (by component, version and
 * requirement title). Records of one (version, requirement) merge: Panopticum keeps each side
 * in a record of its own. A record may carry the source's overall status: Argus derives its own
 * from the two sides (derive.ts) and notes every record where the source's differs. An import
 * restores both sides as the source has them (no sign-off reset: the source says what holds).
 */
export async function importRequirementStatuses(
  r: RequirementsImport,
  records: RequirementStatusRecord[],
  at = 'requirementStatuses',
): Promise<void> {
  const { b } = r;
  b.check(RequirementStatusRecord, records, at);
  const model = 'requirement_statuses';
  const groups = new Map<string, StatusGroup>();
  const members: (string | null)[] = [];
  records.forEach((st, i) => {
    b.counts.add(model, 'read');
    members.push(null);
    const path = `${at}[${i}]`;
    const componentKey = b.componentKeyOf(st.component, `${path}.component`);
    if (!componentKey) return;
    const versionKey = catalogKeys.version(componentKey, st.version);
    const version = b.versions.get(versionKey);
    const component = b.components.get(componentKey)!;
    if (!version) {
      b.problem(
        `${path}.version`,
        `${formatComponentRef(component)} has no version "${st.version}"`,
      );
      return;
    }
    const requirement = r.requirements.get(low(st.requirement));
    if (!requirement) {
      b.problem(`${path}.requirement`, `no requirement "${st.requirement}"`);
      return;
    }
    const match = `${version.id}#${requirement.id}`;
    const group = groups.get(match) ?? {
      versionId: version.id,
      requirementId: requirement.id,
      key: requirementKeys.status(versionKey, requirementKeys.requirement(requirement.title)),
      ref: `${formatComponentRef(component)}@${version.version}#${requirement.title}`,
      label: `${formatComponentRef(component)}@${version.version} "${requirement.title}"`,
      given: {},
    };
    for (const f of STATUS_FIELDS) if (st[f] !== undefined) group.given[f] = st[f];
    if (st.overall !== undefined) group.overall = st.overall;
    if (st.updatedAt) group.updatedAt = new Date(st.updatedAt);
    groups.set(match, group);
    // A record that only tells the source's overall status writes nothing.
    if (STATUS_FIELDS.some((f) => st[f] !== undefined)) members[i] = match;
  });

  const created = new Set([...b.versions.values()].filter((v) => v.created).map((v) => v.id));
  const versionIds = [...new Set([...groups.values()].map((g) => g.versionId))].filter(
    (id) => !created.has(id),
  );
  const rows =
    versionIds.length === 0
      ? []
      : await b.tx
          .select()
          .from(requirementStatuses)
          .where(sql`${requirementStatuses.versionId} = ANY(${sql.param(versionIds)}::uuid[])`);
  const existing = new Map(rows.map((row) => [`${row.versionId}#${row.requirementId}`, row]));
  const inserts: (typeof requirementStatuses.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const outcomes = new Map<string, 'created' | 'updated'>();
  for (const [match, g] of groups) {
    const row = existing.get(match);
    const before: Row = row
      ? pickFields(row as Row, STATUS_FIELDS)
      : { ownerStatus: 'unknown', ownerNotes: '', reviewerStatus: 'unknown', reviewerNotes: '' };
    const after = { ...before, ...g.given };
    if (g.overall !== undefined) {
      const derived = overallStatus(
        after.ownerStatus as Parameters<typeof overallStatus>[0],
        after.reviewerStatus as Parameters<typeof overallStatus>[1],
      );
      const accepted = acceptedOverall(g.overall);
      if (!accepted?.includes(derived))
        b.notes.push({
          model,
          record: g.label,
          outcome: 'changed',
          reason: `the source's overall status is "${g.overall}"${accepted ? '' : ' (not a status Argus knows)'}; Argus derives "${derived}" from owner ${after.ownerStatus} and reviewer ${after.reviewerStatus}`,
        });
    }
    if (Object.keys(g.given).length === 0) continue;
    const when = g.updatedAt ?? new Date();
    // Who set a side is not in the source; when is, if it says when the record changed.
    const sideTimes = {
      ...(g.given.ownerStatus !== undefined ? { ownerSetAt: when } : {}),
      ...(g.given.reviewerStatus !== undefined ? { reviewerSetAt: when } : {}),
    };
    if (row) {
      const set: Row = pickFields(after, changedFields(before, after));
      const fields = Object.keys(set).length > 0;
      if (fields) {
        Object.assign(set, sideTimes);
        b.audit.updated(STATUS_HISTORY_ENTITY, row.id, g.ref, before, after);
      }
      // A restore keeps when the source says the record last changed.
      if (fields || (g.updatedAt && row.updatedAt.getTime() !== g.updatedAt.getTime())) {
        set.updatedAt = when;
        updates.push({ id: row.id, set });
      }
      outcomes.set(match, 'updated');
    } else {
      const id = randomUUID();
      inserts.push({
        id,
        versionId: g.versionId,
        requirementId: g.requirementId,
        ...after,
        ...sideTimes,
        updatedAt: when,
      } as typeof requirementStatuses.$inferInsert);
      b.audit.created(STATUS_HISTORY_ENTITY, id, g.ref, after);
      outcomes.set(match, 'created');
    }
  }
  for (const match of members) {
    if (match && outcomes.has(match))
      b.outcome(model, groups.get(match)!.key, outcomes.get(match)!);
  }
  b.steps.push({
    phase: 'requirement statuses',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, requirementStatuses, inserts, tick);
      for (const u of updates)
        await b.tx.update(requirementStatuses).set(u.set).where(eq(requirementStatuses.id, u.id));
    },
  });
}

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { changedFields, pickFields } from '../../platform/audit/service.js';
import { insertMany } from '../../platform/bulk-insert.js';
import { selectRows } from '../../platform/unit-of-work.js';
import { REFERENCE_LISTS, REFERENCE_PARENTS, type ReferenceList } from '../contract.js';
import { cascadeRename } from '../reference.js';
import { referenceItems } from '../schema.js';
import type { CatalogImport } from './import.js';
import { catalogKeys } from './keys.js';
import { ReferenceItemRecord } from './records.js';

type Row = Record<string, unknown>;

/** A value other records use, with the parent a new item would get (subcategory -> category). */
export interface UsedValue {
  name: string;
  parent: string | null;
}

const REF_FIELDS = ['name', 'description', 'position', 'parent', 'extra'] as const;

/**
 * Adds and updates the items of reference lists (matched by name, ignoring case; a new spelling
 * renames the value where it is used, as an edit does), then adds the values other records of
 * the import use but no list holds yet, with a warning naming them.
 */
export async function importReferenceItems(
  b: CatalogImport,
  lists: Partial<Record<ReferenceList, ReferenceItemRecord[]>>,
  used: Map<ReferenceList, Map<string, UsedValue>>,
  at = 'referenceLists',
): Promise<void> {
  // Rows an import may change are locked until it commits, as an API edit locks its row
  // (see selectRows): a concurrent edit waits instead of being overwritten unrecorded.
  const existing = await selectRows(b.tx, referenceItems, undefined, 'update');
  const byId = new Map(existing.map((r) => [r.id, r]));
  for (const row of existing)
    b.refMap(row.list as ReferenceList).set(row.name.toLowerCase(), { id: row.id, name: row.name });
  const existingByKey = new Map(existing.map((r) => [`${r.list}:${r.name.toLowerCase()}`, r]));

  const inserts: (typeof referenceItems.$inferInsert)[] = [];
  const updates: { id: string; set: Row }[] = [];
  const renames: { list: ReferenceList; from: string; to: string }[] = [];

  const parentIdOf = (
    list: ReferenceList,
    parent: string | null | undefined,
    field: string,
  ): string | null | undefined => {
    if (parent === undefined) return undefined;
    if (parent === null || parent === '') return null;
    const parentList = REFERENCE_PARENTS[list];
    if (!parentList) {
      b.problem(field, `items of ${list} have no parent`);
      return undefined;
    }
    const entry = b.refMap(parentList).get(parent.trim().toLowerCase());
    if (!entry) {
      b.problem(field, `"${parent}" is not in the ${parentList} list`);
      return undefined;
    }
    return entry.id;
  };

  // REFERENCE_LISTS names parent lists before their children, so parents resolve in order.
  for (const list of REFERENCE_LISTS) {
    const model = `reference:${list}`;
    const map = b.refMap(list);
    const seen = new Set<string>();
    b.check(ReferenceItemRecord, lists[list] ?? [], `${at}.${list}`);
    (lists[list] ?? []).forEach((item, i) => {
      const path = `${at}.${list}[${i}]`;
      const lower = item.name.trim().toLowerCase();
      b.counts.add(model, 'read');
      if (seen.has(lower)) {
        b.counts.add(model, 'skipped');
        b.notes.push({
          model,
          record: `${path} "${item.name}"`,
          outcome: 'skipped',
          reason: `listed twice in ${list}; the first one is kept`,
        });
        return;
      }
      seen.add(lower);
      const parentId = parentIdOf(list, item.parent, `${path}.parent`);
      const row = existingByKey.get(`${list}:${lower}`);
      const key = catalogKeys.reference(list, item.name);
      if (row) {
        const before: Row = {
          name: row.name,
          description: row.description,
          position: row.position,
          parent: row.parentId,
          extra: row.extra,
        };
        const after: Row = {
          name: item.name.trim(),
          description: item.description ?? row.description,
          position: item.position ?? row.position,
          parent: parentId === undefined ? row.parentId : parentId,
          extra: item.extra ?? row.extra,
        };
        const changed = changedFields(before, after);
        if (changed.length > 0) {
          const set = pickFields(after, changed);
          if ('parent' in set) {
            set.parentId = set.parent;
            delete set.parent;
          }
          updates.push({ id: row.id, set });
          const parentName = (id: unknown) =>
            typeof id === 'string' ? (byId.get(id)?.name ?? null) : null;
          b.audit.updated(
            `reference:${list}`,
            row.id,
            `${list}/${after.name}`,
            { ...before, parent: parentName(before.parent) },
            {
              ...after,
              parent: item.parent === undefined ? parentName(row.parentId) : item.parent || null,
            },
          );
          b.change(`reference.${list}`, `${list}/${after.name}`, 'update');
          // Lists match ignoring case, so this is a new spelling: the values in use follow.
          if (after.name !== row.name)
            renames.push({ list, from: row.name, to: after.name as string });
        }
        map.set(lower, { id: row.id, name: item.name.trim() });
        b.outcome(model, key, 'updated');
      } else {
        const id = randomUUID();
        const values = {
          id,
          list,
          name: item.name.trim(),
          description: item.description ?? '',
          position: item.position ?? 0,
          parentId: parentId ?? null,
          extra: item.extra ?? {},
        };
        inserts.push(values);
        map.set(lower, { id, name: values.name });
        b.audit.created(
          `reference:${list}`,
          id,
          `${list}/${values.name}`,
          pickFields({ ...values, parent: item.parent ?? null }, REF_FIELDS),
        );
        b.change(`reference.${list}`, `${list}/${values.name}`, 'create');
        b.outcome(model, key, 'created');
      }
    });
    // Values used by components, versions or deployments but missing from the list are added.
    const added: string[] = [];
    for (const [lower, value] of used.get(list) ?? []) {
      if (map.has(lower)) continue;
      const parentList = REFERENCE_PARENTS[list];
      const parent =
        parentList && value.parent
          ? b.refMap(parentList).get(value.parent.trim().toLowerCase())
          : undefined;
      const id = randomUUID();
      inserts.push({
        id,
        list,
        name: value.name,
        description: '',
        position: 0,
        parentId: parent?.id ?? null,
        extra: {},
      });
      map.set(lower, { id, name: value.name });
      b.audit.created(`reference:${list}`, id, `${list}/${value.name}`, {
        name: value.name,
        parent: parent?.name ?? null,
      });
      b.counts.add(model, 'created');
      added.push(value.name);
    }
    if (added.length > 0) {
      const shown = added
        .slice(0, 20)
        .map((n) => `"${n}"`)
        .join(', ');
      b.warnings.push(
        `added ${added.length} new value(s) to the ${list} list: ${shown}${added.length > 20 ? ', ...' : ''}`,
      );
    }
  }

  b.steps.push({
    phase: 'reference lists',
    units: inserts.length + updates.length,
    async run(tick) {
      await insertMany(b.tx, referenceItems, inserts, tick);
      for (const u of updates)
        await b.tx.update(referenceItems).set(u.set).where(eq(referenceItems.id, u.id));
      for (const r of renames) await cascadeRename(b.tx, b.ctx, r.list, r.from, r.to);
    },
  });
}

import type { z } from 'zod';
import { AuditBatch } from '../../platform/audit/service.js';
import type { RequestContext } from '../../platform/context.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { ProgressCallback } from '../../platform/progress.js';
import type { Work } from '../../platform/unit-of-work.js';
import type { ReferenceList } from '../contract.js';
import { type ComponentRef, componentRefOf, formatComponentRef } from '../refs.js';
import { catalogKeys } from './keys.js';

/**
 * What the catalog's bulk operations (the other files of this folder) share during one import:
 * what exists (and what the import adds) by natural key, the problems found, the outcome of each
 * record, the history collected and the writes planned. An operation first checks and plans
 * without writing, so every problem of an import is reported at once; the writes it plans
 * (`steps`) run only when nothing anywhere was refused. Formats (catalog/transfer) read a file,
 * call these operations and touch no table themselves.
 */

export type Outcome = 'created' | 'updated';

/** Change events of one import: one per entity for small imports, a summary for large ones. */
export const MAX_EVENTS = 500;

export interface RefEntry {
  id: string;
  name: string;
}
export interface PersonEntry {
  id: string;
  username: string;
}
export interface TeamEntry {
  id: string;
  name: string;
}
export interface ComponentEntry {
  id: string;
  namespace: string;
  name: string;
  /** true when the component is created by this import. */
  created: boolean;
}
export interface VersionEntry {
  id: string;
  componentKey: string;
  version: string;
  /** true when the version is created by this import. */
  created?: boolean;
}

/** One write to do once the whole import validated. */
export interface Step {
  phase: string;
  units: number;
  run(tick: (done: number) => void): Promise<void>;
}

/** A record the import did not take as it stood (skipped or changed), and why. */
export interface RecordNote {
  model: string;
  record: string;
  outcome: 'skipped' | 'changed';
  reason: string;
}

/** Per model (`people`, `reference:vendors`, ...): records read, created, updated, skipped. */
export interface Tally {
  add(model: string, field: 'read' | 'created' | 'updated' | 'skipped', n?: number): void;
}

export class CatalogImport {
  readonly problems: FieldProblem[] = [];
  readonly warnings: string[] = [];
  /** Records skipped or changed, with why (the report lists each). */
  readonly notes: RecordNote[] = [];
  readonly outcomes = new Map<string, Outcome>();
  readonly steps: Step[] = [];
  /** The history of the import, written after its steps through the audit service. */
  readonly audit: AuditBatch;

  readonly refs = new Map<ReferenceList, Map<string, RefEntry>>();
  readonly people = new Map<string, PersonEntry>();
  readonly teams = new Map<string, TeamEntry>();
  readonly components = new Map<string, ComponentEntry>();
  readonly versions = new Map<string, VersionEntry>();
  /** Insert rows of the components this import creates, by key (versions fill their summary). */
  readonly newComponentRows = new Map<string, Record<string, unknown>>();
  /** Existing components whose language/framework summary must be recomputed from the database. */
  readonly summaryStale = new Set<string>();
  /** Changed entities, for change events after commit (a large import publishes a summary). */
  readonly changed: { type: string; ref: string; action: 'create' | 'update' }[] = [];
  changedOverflow = false;

  constructor(
    readonly work: Work,
    readonly ctx: RequestContext,
    /** The reason every history event of the import gives (`imported from <source>`). */
    reason: string,
    readonly counts: Tally,
    readonly onProgress: ProgressCallback,
  ) {
    this.audit = new AuditBatch(ctx, reason);
  }

  get tx() {
    return this.work.tx;
  }

  /**
   * Runs the planned writes in order, then writes the history, reporting progress by phase.
   * Only for an import nothing refused: check `problems` first.
   */
  async write(): Promise<void> {
    const progress = this.onProgress;
    for (const step of this.steps) {
      progress(0, step.units, step.phase);
      await step.run((done) => progress(done, step.units, step.phase));
      progress(step.units, step.units, step.phase);
    }
    const auditRows = this.audit.size;
    progress(0, auditRows, 'history');
    await this.audit.flush(this.tx, (done) => progress(done, auditRows, 'history'));
    progress(auditRows, auditRows, 'history');
  }

  /**
   * Queues a change event per changed entity, published if the transaction commits; none when
   * there were more than MAX_EVENTS (the caller then publishes one summary event).
   */
  emitChanges(): void {
    if (this.changedOverflow) return;
    const seen = new Set<string>();
    for (const c of this.changed) {
      const id = `${c.type} ${c.ref} ${c.action}`;
      if (seen.has(id)) continue;
      seen.add(id);
      this.work.emit(c.type, c.ref, c.action);
    }
  }

  change(type: string, ref: string, action: 'create' | 'update'): void {
    if (this.changed.length >= MAX_EVENTS) this.changedOverflow = true;
    else this.changed.push({ type, ref, action });
  }

  problem(field: string, reason: string): void {
    this.problems.push({ field, reason });
  }

  /**
   * Checks each record against its schema (built from the catalog contract), recording every
   * issue at its place (`people[3].email`). Formats that build records themselves get the same
   * checks as a file read with the schema.
   */
  check(schema: z.ZodType, records: readonly unknown[], at: string): void {
    records.forEach((record, i) => {
      const result = schema.safeParse(record);
      if (result.success) return;
      for (const issue of result.error.issues) {
        let field = `${at}[${i}]`;
        for (const part of issue.path)
          field += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
        this.problem(field, issue.message);
      }
    });
  }

  outcome(model: string, key: string, outcome: Outcome): void {
    this.outcomes.set(key, outcome);
    this.counts.add(model, outcome);
  }

  refMap(list: ReferenceList): Map<string, RefEntry> {
    let map = this.refs.get(list);
    if (!map) {
      map = new Map();
      this.refs.set(list, map);
    }
    return map;
  }

  /** The list's spelling of a value (lists match case-insensitively). */
  canon(list: ReferenceList, value: string): string;
  canon(list: ReferenceList, value: string | null | undefined): string | null | undefined;
  canon(list: ReferenceList, value: string | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    return this.refMap(list).get(value.trim().toLowerCase())?.name ?? value.trim();
  }

  /** Resolves `ns/name`, `component:ns/name` or `name` to a component key, or records a problem. */
  componentKeyOf(ref: string, field: string): string | null {
    const parsed = componentRefOf(ref);
    if (!parsed) {
      this.problem(field, `"${ref}" is not a component reference (namespace/name)`);
      return null;
    }
    const key = catalogKeys.component(parsed.namespace, parsed.name);
    if (!this.components.has(key)) {
      this.problem(
        field,
        `no component ${formatComponentRef(parsed)} (neither in the file nor in Argus)`,
      );
      return null;
    }
    return key;
  }
}

/** The component key of a reference, without checking it exists. */
export function componentKeyOfRef(text: string): string | null {
  const parsed: ComponentRef | null = componentRefOf(text);
  return parsed ? catalogKeys.component(parsed.namespace, parsed.name) : null;
}

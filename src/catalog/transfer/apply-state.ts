import type { RequestContext } from '../../platform/context.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { ProgressCallback } from '../../platform/progress.js';
import type { Work } from '../../platform/unit-of-work.js';
import type { ReferenceList } from '../contract.js';
import { AuditLog } from './bulk.js';
import type { CatalogContent } from './document.js';
import { keys } from './keys.js';
import { ModelCounter, type RecordNote } from './report.js';

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

/** One write to do once the whole document validated. */
export interface Step {
  phase: string;
  units: number;
  run(tick: (done: number) => void): Promise<void>;
}

/**
 * What the phases of an import share: the document, what exists (and what the document adds)
 * by natural key, the problems found, and the writes planned. Planning never writes, so every
 * problem of a document is reported at once and nothing is written unless all is valid.
 */
export class ApplyState {
  readonly problems: FieldProblem[] = [];
  readonly warnings: string[] = [];
  /** Records of the document skipped or changed, with why (the report lists each). */
  readonly notes: RecordNote[] = [];
  readonly counts = new ModelCounter();
  readonly outcomes = new Map<string, Outcome>();
  readonly steps: Step[] = [];
  readonly audit: AuditLog;

  readonly refs = new Map<ReferenceList, Map<string, RefEntry>>();
  readonly people = new Map<string, PersonEntry>();
  readonly teams = new Map<string, TeamEntry>();
  readonly components = new Map<string, ComponentEntry>();
  readonly versions = new Map<string, VersionEntry>();
  readonly requirements = new Map<string, RefEntry>();
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
    readonly doc: CatalogContent,
    readonly source: string,
    readonly onProgress: ProgressCallback,
  ) {
    this.audit = new AuditLog(ctx, `imported from ${source}`);
  }

  get tx() {
    return this.work.tx;
  }

  change(type: string, ref: string, action: 'create' | 'update'): void {
    if (this.changed.length >= MAX_EVENTS) this.changedOverflow = true;
    else this.changed.push({ type, ref, action });
  }

  problem(field: string, reason: string): void {
    this.problems.push({ field, reason });
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
    const parsed = parseRef(ref);
    if (!parsed) {
      this.problem(field, `"${ref}" is not a component reference (namespace/name)`);
      return null;
    }
    const key = keys.component(parsed.namespace, parsed.name);
    if (!this.components.has(key)) {
      this.problem(field, `no component ${formatRef(parsed)} (neither in the file nor in Argus)`);
      return null;
    }
    return key;
  }
}

export function parseRef(text: string): { namespace: string; name: string } | null {
  const body = text.trim().replace(/^component:/i, '');
  const parts = body.split('/');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) return null;
  return parts.length === 2
    ? { namespace: parts[0]!, name: parts[1]! }
    : { namespace: 'default', name: parts[0]! };
}

export function formatRef(ref: { namespace: string; name: string }): string {
  return `component:${ref.namespace}/${ref.name}`;
}

/** The component key of a reference, without checking it exists. */
export function refKey(text: string): string | null {
  const parsed = parseRef(text);
  return parsed ? keys.component(parsed.namespace, parsed.name) : null;
}

/** An exemption as answers show it (contract `Exemption`): the one presenter of it. */
import type { Exemption, PersonRef } from './contract.js';
import { exemptionActive } from './derive.js';
import type { requirementExemptions } from './schema.js';

export type ExemptionRow = typeof requirementExemptions.$inferSelect;

export interface ExemptionContext {
  /** `component:<namespace>/<name>` of the exemption's component. */
  component: string;
  requirementTitle: string;
  /** People by id (lookup.ts personRefs of requestedBy and decidedBy). */
  people: ReadonlyMap<string, PersonRef>;
  /** Whether the asking person decides for this requirement (reviewer side or admin). */
  reviews: boolean;
  now: Date;
}

export function presentExemption(e: ExemptionRow, c: ExemptionContext): Exemption {
  const person = (id: string | null) => (id ? (c.people.get(id) ?? null) : null);
  return {
    id: e.id,
    component: c.component,
    requirement: { id: e.requirementId, title: c.requirementTitle },
    state: e.state,
    active: exemptionActive(e, c.now),
    reason: e.reason,
    expiresAt: e.expiresAt.toISOString(),
    requestedBy: person(e.requestedBy),
    requestedAt: e.requestedAt.toISOString(),
    decidedBy: person(e.decidedBy),
    decidedAt: e.decidedAt ? e.decidedAt.toISOString() : null,
    decisionNotes: e.decisionNotes,
    may: {
      decide: c.reviews && e.state === 'requested',
      revoke: c.reviews && e.state === 'approved' && exemptionActive(e, c.now),
    },
  };
}

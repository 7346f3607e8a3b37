import { describe, expect, it } from 'vitest';
import {
  EXEMPTION_STATES,
  ExemptionRequest,
  expiryInstant,
  formatColumnFilters,
  OWNER_STATUSES,
  OwnerStatusInput,
  parseColumnFilters,
  REVIEWER_STATUSES,
  RequirementCreate,
  ReviewerStatusInput,
} from './contract.js';
import {
  EXEMPTION_STATES as STORED_EXEMPTION_STATES,
  OWNER_STATUSES as STORED_OWNER_STATUSES,
  REVIEWER_STATUSES as STORED_REVIEWER_STATUSES,
} from './schema.js';

describe('requirements contract', () => {
  it('offers exactly the statuses and exemption states the database stores', () => {
    // The contract cannot import schema.ts (the web client imports the contract).
    expect(OWNER_STATUSES).toEqual(STORED_OWNER_STATUSES);
    expect(REVIEWER_STATUSES).toEqual(STORED_REVIEWER_STATUSES);
    expect(EXEMPTION_STATES).toEqual(STORED_EXEMPTION_STATES);
  });

  it('refuses a status of the other side, naming the field', () => {
    const owner = OwnerStatusInput.safeParse({ status: 'approved' });
    expect(owner.success).toBe(false);
    expect(owner.error?.issues[0]?.path).toEqual(['status']);
    expect(owner.error?.issues[0]?.message).toMatch(/approving is for reviewers/);
    const reviewer = ReviewerStatusInput.safeParse({ status: 'n/a' });
    expect(reviewer.success).toBe(false);
    expect(reviewer.error?.issues[0]?.message).toMatch(/n\/a is for owners/);
  });

  it('refuses a requirement in no set, naming `sets`', () => {
    const parsed = RequirementCreate.safeParse({ title: 'Has a runbook', sets: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['sets']);
    expect(parsed.error?.issues[0]?.message).toBe('a requirement belongs to at least one set');
  });

  it('requires a reason for an exemption', () => {
    const parsed = ExemptionRequest.safeParse({
      requirement: 'Has a runbook',
      reason: '  ',
      expiresAt: '2030-01-01',
    });
    expect(parsed.error?.issues[0]?.path).toEqual(['reason']);
  });

  it('reads a date-only expiry as valid through that day (UTC)', () => {
    expect(expiryInstant('2030-01-31').toISOString()).toBe('2030-02-01T00:00:00.000Z');
    expect(expiryInstant('2030-01-31T12:00:00+02:00').toISOString()).toBe(
      '2030-01-31T10:00:00.000Z',
    );
  });

  it('parses and formats the per-column filters of the dashboard', () => {
    const text = 'a1:owner=ready|n/a,b2:reviewer=unknown,c3:overall=waiting_na';
    const filters = parseColumnFilters(text);
    expect(filters).toEqual([
      { requirementId: 'a1', side: 'owner', statuses: ['ready', 'n/a'] },
      { requirementId: 'b2', side: 'reviewer', statuses: ['unknown'] },
      { requirementId: 'c3', side: 'overall', statuses: ['waiting_na'] },
    ]);
    expect(formatColumnFilters(filters)).toBe(text);
    expect(parseColumnFilters('')).toEqual([]);
    expect(() => parseColumnFilters('a1:owner=approved')).toThrow(/not one of the owner statuses/);
    expect(() => parseColumnFilters('a1=ready')).toThrow(/is not <requirementId>/);
  });
});

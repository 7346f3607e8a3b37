import { describe, expect, it } from 'vitest';
import { formatValue, humanize } from './format.js';

describe('history values as text', () => {
  it('shows empty values as ∅ and lists joined', () => {
    expect(formatValue(null)).toBe('∅');
    expect(formatValue('')).toBe('∅');
    expect(formatValue([])).toBe('∅');
    expect(formatValue({})).toBe('∅');
    expect(formatValue(['go', 'java'])).toBe('go, java');
    expect(formatValue(false)).toBe('false');
  });

  it('shows objects as key: value, leaving out empty members', () => {
    expect(formatValue({ maintainer: ['ann'], qa_lead: [] })).toBe('maintainer: ann');
    expect(formatValue({ e2e: { rating: 'high', notes: '' } })).toBe('e2e: rating: high');
    expect(formatValue({ a: { x: '1', y: '2' } })).toBe('a: (x: 1; y: 2)');
  });

  it('humanizes field names', () => {
    expect(humanize('privacyClass')).toBe('Privacy class');
    expect(humanize('qa_lead')).toBe('Qa lead');
  });
});

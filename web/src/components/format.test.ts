import { describe, expect, it } from 'vitest';
import { formatValue, humanize, plural } from './format.js';

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
    expect(humanize('qa_lead')).toBe('QA lead');
  });

  it('writes acronyms in capitals, in list names and field names alike', () => {
    expect(humanize('orms')).toBe('ORMs');
    expect(humanize('tcp_ports')).toBe('TCP ports');
    expect(humanize('apiSpec')).toBe('API spec');
    expect(humanize('directoryDn')).toBe('Directory DN');
    expect(humanize('component_types')).toBe('Component types');
  });
});

describe('counts', () => {
  it('puts the noun in the right number', () => {
    expect(plural(1, 'deployment')).toBe('1 deployment');
    expect(plural(0, 'deployment')).toBe('0 deployments');
    expect(plural(2, 'deployment')).toBe('2 deployments');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(5, 'person', 'people')).toBe('5 people');
  });
});

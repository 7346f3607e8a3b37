import { describe, expect, it } from 'vitest';
import {
  EXEMPTION_STATES,
  OVERALL_STATUSES,
  OWNER_STATUSES,
  REVIEWER_STATUSES,
} from '../../../src/requirements/contract.js';
import {
  EXEMPTION_LOOK,
  formatPercent,
  lookOf,
  OVERALL_LOOK,
  OWNER_LOOK,
  REVIEWER_LOOK,
} from './status-labels.js';

describe('how statuses read', () => {
  it('gives every status the API sends a word and a sentence of its own', () => {
    for (const [table, statuses] of [
      [OVERALL_LOOK, OVERALL_STATUSES],
      [OWNER_LOOK, OWNER_STATUSES],
      [REVIEWER_LOOK, REVIEWER_STATUSES],
      [EXEMPTION_LOOK, EXEMPTION_STATES],
    ] as const) {
      for (const status of statuses) expect(table[status]?.help, status).toBeTruthy();
      const words = statuses.map((s) => table[s]!.label);
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('marks done, waiting and failing with different glyphs, for grey print', () => {
    const glyph = (s: string) => OVERALL_LOOK[s]!.glyph;
    const groups = [
      ['ok'],
      ['waiting', 'waiting_na'],
      ['not_approved'],
      ['not_ready'],
      ['unknown'],
    ];
    const firsts = groups.map((g) => glyph(g[0]!));
    expect(new Set(firsts).size).toBe(groups.length);
    for (const g of groups) for (const s of g) expect(glyph(s)).toBe(glyph(g[0]!));
  });

  it('names a status it does not know instead of showing nothing', () => {
    expect(lookOf(OVERALL_LOOK, 'escalated')).toMatchObject({ label: 'escalated', color: 'gray' });
  });

  it('writes scores as whole percentages, and a dash when nothing was counted', () => {
    expect(formatPercent(66.666)).toBe('67%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(null)).toBe('–');
  });
});

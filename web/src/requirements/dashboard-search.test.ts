import { describe, expect, it } from 'vitest';
import {
  OVERALL_STATUSES,
  OWNER_STATUSES,
  parseColumnFilters,
  REVIEWER_STATUSES,
} from '../../../src/requirements/contract.js';
import {
  SIDE_CHOICES,
  validateDashboardSearch,
  whereOf,
  withColumnFilter,
} from './dashboard-search.js';

const A = '0b6f6a3e-5d3c-4a53-9d55-2f1c1c1c1c1a';
const B = '7c9e2d10-1111-4a53-9d55-2f1c1c1c1c1b';

describe('the set dashboard view in the URL', () => {
  it('writes per-column filters as the API reads them', () => {
    const cols = withColumnFilter(
      withColumnFilter(undefined, A, 'owner', ['ready', 'n/a']),
      B,
      'reviewer',
      ['unknown'],
    );
    expect(whereOf(cols)).toBe(`${A}:owner=ready|n/a,${B}:reviewer=unknown`);
    expect(parseColumnFilters(whereOf(cols)!)).toEqual(cols);
    expect(whereOf(undefined)).toBeUndefined();
  });

  it('keeps one filter per column: a new side replaces it, no statuses remove it', () => {
    const one = withColumnFilter(undefined, A, 'owner', ['ready']);
    const replaced = withColumnFilter(one, A, 'overall', ['waiting']);
    expect(replaced).toEqual([{ requirementId: A, side: 'overall', statuses: ['waiting'] }]);
    expect(withColumnFilter(replaced, A, 'overall', [])).toBeUndefined();
  });

  it('drops what a hand-edited link got wrong instead of failing the page', () => {
    const search = validateDashboardSearch({
      filter: 'owner = "payments"',
      version: '',
      cols: [
        { requirementId: A, side: 'owner', statuses: ['ready', 'approved'] },
        { requirementId: B, side: 'sideways', statuses: ['ready'] },
        { requirementId: 'x:y', side: 'owner', statuses: ['ready'] },
        { requirementId: B, side: 'reviewer', statuses: ['maybe'] },
        'junk',
      ],
    });
    expect(search).toEqual({
      filter: 'owner = "payments"',
      version: undefined,
      cols: [{ requirementId: A, side: 'owner', statuses: ['ready'] }],
    });
    expect(parseColumnFilters(whereOf(search.cols)!)).toEqual(search.cols);
  });

  it('offers on each side exactly the statuses the API knows', () => {
    const sorted = (xs: readonly string[]) => [...xs].sort();
    expect(sorted(SIDE_CHOICES.owner)).toEqual(sorted(OWNER_STATUSES));
    expect(sorted(SIDE_CHOICES.reviewer)).toEqual(sorted(REVIEWER_STATUSES));
    expect(sorted(SIDE_CHOICES.overall)).toEqual(sorted(OVERALL_STATUSES));
  });
});

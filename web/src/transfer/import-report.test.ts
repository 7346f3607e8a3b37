import { describe, expect, it } from 'vitest';
import { countsOf, rowErrorsOf, warningsOf } from './import-report.js';

describe('reading an import report', () => {
  it('reads counts per model from the importer answer', () => {
    const report = {
      format: 'panopticum',
      source: 'upload',
      models: [
        { model: 'panopticum.componentmodel', read: 5, created: 4, updated: 1, skipped: 0 },
        { model: 'panopticum.deployment', read: 2, created: 0, updated: 0, skipped: 2 },
      ],
      warnings: ['demo.json refers to user 1'],
      durationMs: 120,
    };
    expect(countsOf(report)).toEqual({
      columns: ['read', 'created', 'updated', 'skipped'],
      rows: [
        {
          model: 'panopticum.componentmodel',
          values: { read: 5, created: 4, updated: 1, skipped: 0 },
        },
        { model: 'panopticum.deployment', values: { read: 2, created: 0, updated: 0, skipped: 2 } },
      ],
    });
    expect(warningsOf(report)).toEqual(['demo.json refers to user 1']);
  });

  it('reads a plain map of counts too', () => {
    expect(countsOf({ counts: { component: 3 } }).rows).toEqual([
      { model: 'component', values: { count: 3 } },
    ]);
  });

  it('splits row/column problems and keeps other locations as they are', () => {
    expect(
      rowErrorsOf([
        { field: 'rows[4].Owner', reason: 'no team' },
        { field: 'rows[1]', reason: 'empty' },
        { field: 'catalog-info.yaml:12 spec.owner', reason: 'no group' },
      ]),
    ).toEqual([
      { row: 4, column: 'Owner', reason: 'no team' },
      { row: 1, column: null, reason: 'empty' },
      { row: null, column: 'catalog-info.yaml:12 spec.owner', reason: 'no group' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  countsOf,
  groupRecords,
  recordsOf,
  rowErrorsOf,
  summaryOf,
  warningsOf,
} from './import-report.js';

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

  it('lists every skipped and changed record and says what happened in words', () => {
    const report = {
      models: [
        { model: 'panopticum.componentversionmodel', read: 3, created: 2, updated: 0, skipped: 1 },
        { model: 'panopticum.requirementstatus', read: 1200, created: 0, updated: 1, skipped: 0 },
      ],
      records: [
        {
          model: 'panopticum.componentversionmodel',
          record: '#7 "latest"',
          outcome: 'skipped',
          reason: 'version "latest" of billing is not a version',
        },
        { model: 'x', record: '#8', outcome: 'changed', reason: 'dev_raml "n/a" is not a link' },
        { model: 'x', record: '#9', outcome: 'vanished', reason: 'not a report entry' },
      ],
      warnings: [],
    };
    expect(recordsOf(report).map((r) => r.record)).toEqual(['#7 "latest"', '#8']);
    expect(summaryOf(report)).toBe(
      'Read 1203 records: 2 created, 1 updated, 1 skipped (each listed below with its reason); 1 record changed on the way in.',
    );
    expect(
      summaryOf({ models: [{ model: 'm', read: 1, created: 1, updated: 0, skipped: 0 }] }),
    ).toBe('Read 1 record: 1 created, 0 updated.');
  });

  it('groups records skipped for one reason, still naming each', () => {
    const derived = { model: 'entry', outcome: 'skipped' as const, reason: 'derived in Argus' };
    expect(
      groupRecords([
        { ...derived, record: '#1' },
        { model: 'version', outcome: 'skipped', record: '#7', reason: '"x" is not a version' },
        { ...derived, record: '#2' },
        { ...derived, outcome: 'changed', record: '#3' },
      ]),
    ).toEqual([
      { ...derived, records: ['#1', '#2'] },
      { model: 'version', outcome: 'skipped', reason: '"x" is not a version', records: ['#7'] },
      { ...derived, outcome: 'changed', records: ['#3'] },
    ]);
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

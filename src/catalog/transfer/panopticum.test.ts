import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/helpers/fixtures.js';
import { mapPanopticum, readRecords, statusSide } from './panopticum.js';

const FIXTURES = fixturePath('panopticum');
const load = (name: string) =>
  readRecords(JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')));

describe('statusSide', () => {
  it('recognises the status types, misspelt "ovrerall" included', () => {
    expect(statusSide('component owner')).toBe('owner');
    expect(statusSide('requirement reviewer')).toBe('reviewer');
    expect(statusSide('overall')).toBe('overall');
    expect(statusSide('ovrerall')).toBe('overall');
    expect(statusSide('something else')).toBeNull();
  });
});

describe('mapPanopticum', () => {
  it('gives the roles of the missing user 1 to a hidden placeholder', () => {
    const mapping = mapPanopticum(load('demo'));
    expect(mapping.placeholders).toEqual(['panopticum-user-1']);
    expect(mapping.content.people).toEqual([
      { username: 'panopticum-user-1', name: 'Panopticum user 1', hidden: true },
    ]);
    const idp = mapping.content.versions.find((v) => v.component === 'default/my-idp')!;
    expect(idp.people?.qa_lead).toEqual(['panopticum-user-1']);
    expect(idp.people?.maintainer).toEqual([]);
  });

  it('maps owner and reviewer entries and skips the derived overall ones', () => {
    const mapping = mapPanopticum(load('demo'));
    const entries = mapping.records.filter((r) => r.model === 'panopticum.requirementstatusentry');
    const skipped = entries.filter((r) => 'skipped' in r.disposition);
    expect(
      skipped.every((r) => 'skipped' in r.disposition && r.disposition.skipped.includes('derived')),
    ).toBe(true);
    expect(mapping.content.requirementStatuses.filter((s) => s.ownerStatus)).toHaveLength(
      entries.length -
        skipped.length -
        mapping.content.requirementStatuses.filter((s) => s.reviewerStatus).length,
    );
    expect(
      new Set(mapping.content.requirementStatuses.map((s) => s.reviewerStatus).filter(Boolean)),
    ).toEqual(new Set(['unknown', 'rejected', 'approved']));
  });

  it('orders requirement sets without display slots by their pk', () => {
    const mapping = mapPanopticum(load('minimal'));
    expect(mapping.content.requirementSets.map((s) => [s.name, s.position])).toEqual([
      ['Architecture requirements', 1],
      ['Security & Compliance', 2],
      ['Operational requirements', 3],
      ['Maintenance requirements', 4],
    ]);
    expect(mapping.warnings).toEqual([]);
  });

  it('keeps only http, https and mailto links, saying what became of other text', () => {
    const mapping = mapPanopticum(load('demo'));
    const links = mapping.content.versions.flatMap((v) => Object.values(v.devLinks ?? {}));
    // demo.json has "Docs https://www.postgresql.org/" and "n/a" in link fields.
    expect(links).toContain('https://www.postgresql.org/');
    expect(links).not.toContain('n/a');
    expect(mapping.notes.filter((n) => n.outcome === 'changed').map((n) => n.reason)).toEqual(
      expect.arrayContaining([
        'dev_docs "Docs https://www.postgresql.org/" is not a link; kept https://www.postgresql.org/',
        'dev_raml "n/a" is not a link; left out',
      ]),
    );
    const hostile = mapPanopticum([
      { model: 'panopticum.techradarquadrant', pk: 1, fields: { name: 'Q' } },
      { model: 'panopticum.techradarring', pk: 1, fields: { name: 'R' } },
      {
        model: 'panopticum.techradarentry',
        pk: 1,
        fields: { label: 'E', quadrant: 1, ring: 1, link: 'javascript:alert(1)' },
      },
    ]);
    expect(hostile.content.radar.entries[0]?.link).toBe('');
  });

  it('skips a version that is not a version, and what hangs on it, saying why', () => {
    const records = [
      { model: 'panopticum.componentmodel', pk: 1, fields: { name: 'billing' } },
      {
        model: 'panopticum.componentversionmodel',
        pk: 7,
        fields: { component: 1, version: 'latest' },
      },
      {
        model: 'panopticum.componentversionmodel',
        pk: 8,
        fields: { component: 1, version: 'v2.0' },
      },
      { model: 'panopticum.componentdeploymentmodel', pk: 3, fields: { component_version: 7 } },
    ];
    const mapping = mapPanopticum(records);
    expect(mapping.content.versions.map((v) => v.version)).toEqual(['v2.0']);
    expect(mapping.content.deployments).toEqual([]);
    expect(mapping.notes).toEqual([
      {
        model: 'panopticum.componentversionmodel',
        record: '#7 "latest"',
        outcome: 'skipped',
        reason: expect.stringMatching(
          /^version "latest" of billing is not a version: it must start with a number/,
        ),
      },
      {
        model: 'panopticum.componentdeploymentmodel',
        record: '#3',
        outcome: 'skipped',
        reason: 'its component version "latest" was skipped (not a version)',
      },
    ]);
  });

  it('names an unknown model in the warnings and skips its records', () => {
    const mapping = mapPanopticum([{ model: 'panopticum.somethingnew', pk: 1, fields: {} }]);
    expect(mapping.records).toEqual([
      {
        model: 'panopticum.somethingnew',
        disposition: { skipped: expect.stringContaining('not known') },
      },
    ]);
    expect(mapping.warnings).toEqual([
      'model panopticum.somethingnew is not known to the importer: its records were skipped',
    ]);
  });
});

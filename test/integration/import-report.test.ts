import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { fixturePath } from '../helpers/fixtures.js';
import { byModel, type TransferClient, transferClient } from './transfer-helpers.js';

interface DjangoRecord {
  model: string;
  pk: number;
  fields: Record<string, unknown>;
}

interface Report {
  models: { model: string; read: number; created: number; updated: number; skipped: number }[];
  records: { model: string; record: string; outcome: 'skipped' | 'changed'; reason: string }[];
  warnings: string[];
}

let t: TestApp;
let client: TransferClient;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  client = await transferClient(t);
  admin = await t.user('importer', { admin: true });
});
afterAll(async () => {
  await client.close();
  await t.close();
});

/** demo.json with the version "1.0" respelled as something that is not a version. */
function demoWithBadVersion(): { file: DjangoRecord[]; versionPk: number } {
  const file = JSON.parse(
    readFileSync(`${fixturePath('panopticum')}/demo.json`).toString(),
  ) as DjangoRecord[];
  const version = file.find(
    (r) => r.model === 'panopticum.componentversionmodel' && r.fields.version === '1.0',
  )!;
  version.fields.version = 'not a version!';
  return { file, versionPk: version.pk };
}

const importPanopticum = (file: unknown) =>
  client.request(admin, {
    method: 'POST',
    url: '/api/import/panopticum',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(file),
  });

describe('the import report', () => {
  let report: Report;
  let versionPk: number;
  let file: DjangoRecord[];

  beforeAll(async () => {
    ({ file, versionPk } = demoWithBadVersion());
    const res = await importPanopticum(file);
    expect(res.statusCode, res.body).toBe(201);
    report = res.json();
  });

  it('skips a version that is not a version, and says so and why', () => {
    expect(report.records).toContainEqual({
      model: 'panopticum.componentversionmodel',
      record: `#${versionPk} "not a version!"`,
      outcome: 'skipped',
      reason: expect.stringMatching(
        /^version "not a version!" of .+ is not a version: it must not contain spaces/,
      ),
    });
  });

  it("skips what hangs on the skipped version, naming the version's fate", () => {
    const dependents = file.filter(
      (r) =>
        (r.model === 'panopticum.componentdeploymentmodel' ||
          r.model === 'panopticum.requirementstatusentry') &&
        r.fields.component_version === versionPk,
    );
    expect(dependents.length).toBeGreaterThan(0);
    const reasons = new Map(report.records.map((n) => [`${n.model} ${n.record.split(' ')[0]}`, n]));
    for (const r of dependents) {
      const note = reasons.get(`${r.model} #${r.pk}`);
      expect(note, `${r.model} #${r.pk}`).toBeDefined();
      expect(note!.outcome).toBe('skipped');
      // An overall entry is derived in Argus either way; the rest name the version.
      if (!note!.reason.includes('derived'))
        expect(note!.reason).toBe(
          'its component version "not a version!" was skipped (not a version)',
        );
    }
  });

  it('lists every skipped record: the counts and the list agree, model by model', () => {
    const counts = byModel(report);
    for (const [model, c] of Object.entries(counts)) {
      const listed = report.records.filter((n) => n.model === model && n.outcome === 'skipped');
      expect(listed.length, model).toBe(c.skipped);
    }
    for (const note of report.records) expect(note.reason.length, note.record).toBeGreaterThan(5);
  });

  it('lists changed records with what changed', () => {
    expect(report.records).toContainEqual(
      expect.objectContaining({
        outcome: 'changed',
        reason:
          'dev_docs "Docs https://www.postgresql.org/" is not a link; kept https://www.postgresql.org/',
      }),
    );
  });

  it('writes history rows that each name their entity', async () => {
    const res = await t.request(admin, { method: 'GET', url: '/api/history?limit=1000' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = (
      res.json() as { items: { entityType: string; entityRef: string; reason: string | null }[] }
    ).items.filter((e) => e.reason?.startsWith('imported from'));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row.entityType, JSON.stringify(row)).toMatch(/^[a-z_:]+$/);
      expect(row.entityRef, JSON.stringify(row)).toMatch(/\S{3,}/);
    }
    expect(rows.map((r) => r.entityRef)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^component:default\//)]),
    );
  });
});

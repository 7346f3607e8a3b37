import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Requirement, RequirementSet } from '../../src/requirements/contract.js';
import { overallStatus } from '../../src/requirements/derive.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { fixturePath } from '../helpers/fixtures.js';

/**
 * Panopticum's requirements through the requirements module's bulk operations: the sets and
 * requirements arrive, owner and reviewer entries meet in one status, and where the file's
 * overall status is not the one Argus derives from the two sides, the report says so.
 */
interface DjangoRecord {
  model: string;
  pk: number;
  fields: Record<string, unknown>;
}
interface Report {
  models: { model: string; read: number; created: number; updated: number; skipped: number }[];
  records: { model: string; record: string; outcome: 'skipped' | 'changed'; reason: string }[];
}

let t: TestApp;
let admin: TestUser;
let file: DjangoRecord[];
let report: Report;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('importer', { admin: true });
  file = JSON.parse(readFileSync(`${fixturePath('panopticum')}/demo.json`).toString());
  const res = await t.request(admin, {
    method: 'POST',
    url: '/api/import/panopticum',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(file),
  });
  expect(res.statusCode, res.body).toBe(201);
  report = res.json();
});
afterAll(() => t.close());

const ofModel = (model: string) => file.filter((r) => r.model === model);

/** The file's (version, requirement) pairs whose overall entry Argus derives differently. */
function disagreements(): number {
  const name = new Map(ofModel('panopticum.requirementstatus').map((r) => [r.pk, r.fields.name]));
  const side = new Map(
    ofModel('panopticum.requirementstatustype').map((r) => [r.pk, String(r.fields.owner)]),
  );
  const pairs = new Map<string, Record<string, string>>();
  for (const r of ofModel('panopticum.requirementstatusentry')) {
    const key = `${r.fields.component_version}/${r.fields.requirement}`;
    const pair = pairs.get(key) ?? {};
    pair[side.get(r.fields.type as number)!] = String(name.get(r.fields.status as number));
    pairs.set(key, pair);
  }
  const owner = { unknown: 'unknown', 'not ready': 'not_ready', ready: 'ready', 'n/a': 'n/a' };
  const reviewer = { unknown: 'unknown', 'not ready': 'rejected', ready: 'approved' };
  const same: Record<string, string[]> = {
    unknown: ['unknown'],
    'not ready': ['not_ready', 'not_approved'],
    ready: ['ok'],
    'n/a': ['n/a'],
    waiting: ['waiting'],
    waiting_na: ['waiting_na'],
  };
  let count = 0;
  for (const pair of pairs.values()) {
    if (!pair.overall) continue;
    const derived = overallStatus(
      owner[(pair['component owner'] ?? 'unknown') as keyof typeof owner] as never,
      reviewer[(pair['requirement reviewer'] ?? 'unknown') as keyof typeof reviewer] as never,
    );
    if (!same[pair.overall]!.includes(derived)) count++;
  }
  return count;
}

describe('importing demo.json', () => {
  it('brings its 4 sets and 26 requirements, sets in order with their requirements', async () => {
    const sets = (
      await t.request(admin, { method: 'GET', url: '/api/requirement-sets' })
    ).json() as RequirementSet[];
    expect(sets).toHaveLength(4);
    expect(sets.map((s) => s.name)).toEqual(
      ofModel('panopticum.requirementset')
        .sort((a, b) => a.pk - b.pk)
        .map((s) => s.fields.name),
    );
    const requirements = (
      await t.request(admin, { method: 'GET', url: '/api/requirements' })
    ).json() as Requirement[];
    expect(requirements).toHaveLength(26);
    expect(requirements.every((r) => r.sets.length > 0)).toBe(true);
  });

  it('accounts for every status entry in the report', () => {
    const entries = report.models.find((m) => m.model === 'panopticum.requirementstatusentry')!;
    expect(entries.read).toBe(ofModel('panopticum.requirementstatusentry').length);
    expect(entries.created + entries.updated + entries.skipped).toBe(entries.read);
  });

  it("says where the file's overall status is not the one Argus derives", () => {
    const notes = report.records.filter((n) => n.model === 'requirement_statuses');
    const expected = disagreements();
    expect(expected).toBeGreaterThan(0);
    expect(notes).toHaveLength(expected);
    for (const note of notes) {
      expect(note.outcome).toBe('changed');
      expect(note.record).toMatch(/^component:default\/.+@.+ ".+"$/);
      expect(note.reason).toMatch(
        /^the source's overall status is "[^"]+"; Argus derives "[a-z_/]+" from owner [a-z_/]+ and reviewer [a-z]+$/,
      );
    }
    expect(notes.map((n) => n.reason)).toContainEqual(
      expect.stringContaining(
        'the source\'s overall status is "ready"; Argus derives "n/a" from owner n/a and reviewer approved',
      ),
    );
  });

  it('imports the same file a second time without changing a status', async () => {
    const before = (await t.request(admin, { method: 'GET', url: '/api/history?limit=1' })).json()
      .items[0].id;
    const again = await t.request(admin, {
      method: 'POST',
      url: '/api/import/panopticum',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(file),
    });
    expect(again.statusCode, again.body).toBe(201);
    const statuses = (again.json() as Report).models.find(
      (m) => m.model === 'panopticum.requirementstatusentry',
    )!;
    expect(statuses.created).toBe(0);
    const rows = (
      await t.request(admin, {
        method: 'GET',
        url: '/api/history?entityType=requirement_status&limit=1000',
      })
    ).json().items as { id: number }[];
    expect(rows.filter((r) => r.id > before)).toEqual([]);
  });
});

describe('an Argus JSON document', () => {
  const importArgus = (content: Record<string, unknown>) =>
    t.request(admin, {
      method: 'POST',
      url: '/api/import/argus',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        format: 'argus',
        version: 1,
        exportedAt: '2030-01-01T00:00:00.000Z',
        ...content,
      }),
    });

  it('is checked by the API rules: a status of the other side, a filter that does not parse', async () => {
    const status = await importArgus({
      requirementStatuses: [
        { component: 'default/x', version: '1.0', requirement: 'Anything', reviewerStatus: 'n/a' },
      ],
    });
    expect(status.statusCode).toBe(400);
    expect(status.json().problems).toEqual([
      expect.objectContaining({
        field: 'requirementStatuses[0].reviewerStatus',
        reason: expect.stringMatching(/n\/a is for owners/),
      }),
    ]);
    const filter = await importArgus({
      requirementSets: [{ name: 'Broken', applicability: "type = = 'x'" }],
    });
    expect(filter.statusCode).toBe(400);
    expect(filter.json().problems).toEqual([
      expect.objectContaining({ field: 'requirementSets[0].applicability' }),
    ]);
    const sets = (
      await t.request(admin, { method: 'GET', url: '/api/requirement-sets' })
    ).json() as RequirementSet[];
    expect(sets.map((s) => s.name)).not.toContain('Broken');
  });
});

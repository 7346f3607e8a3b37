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

const FIXTURES = fixturePath('panopticum');
const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}.json`);
const records = (name: string) => JSON.parse(fixture(name).toString()) as DjangoRecord[];

/** Roles of versions that name users the file does not hold: each becomes a placeholder person. */
const ROLE_FIELDS = [
  'owner_maintainer',
  'owner_responsible_qa',
  'owner_product_manager',
  'owner_program_manager',
  'owner_escalation_list',
  'owner_expert',
  'owner_architect',
];

/** What an import of the file into an empty Argus must report, computed from the file itself. */
function expectedCounts(file: DjangoRecord[]) {
  const expected: Record<
    string,
    { read: number; created: number; updated: number; skipped: number }
  > = {};
  const overallTypes = new Set(
    file
      .filter((r) => r.model === 'panopticum.requirementstatustype')
      .filter((r) => /^ov[a-z]*all$/.test(String(r.fields.owner).toLowerCase()))
      .map((r) => r.pk),
  );
  expect(overallTypes.size).toBe(1);
  for (const r of file) {
    expected[r.model] ??= { read: 0, created: 0, updated: 0, skipped: 0 };
    const e = expected[r.model]!;
    e.read++;
    const builtIn =
      r.model === 'panopticum.requirementstatustype' || r.model === 'panopticum.requirementstatus';
    const derived =
      r.model === 'panopticum.requirementstatusentry' && overallTypes.has(r.fields.type as number);
    if (builtIn || derived) e.skipped++;
    else e.created++;
  }
  const users = new Set(file.filter((r) => r.model === 'auth.user').map((r) => r.pk));
  const named = new Set<number>();
  for (const r of file.filter((x) => x.model === 'panopticum.componentversionmodel')) {
    for (const field of ROLE_FIELDS) {
      const value = r.fields[field];
      for (const pk of Array.isArray(value)
        ? value
        : value === null || value === undefined
          ? []
          : [value])
        if (!users.has(pk as number)) named.add(pk as number);
    }
  }
  if (named.size > 0)
    expected['placeholder people'] = { read: 0, created: named.size, updated: 0, skipped: 0 };
  return expected;
}

function asUpdated(expected: ReturnType<typeof expectedCounts>) {
  return Object.fromEntries(
    Object.entries(expected).map(([model, e]) => [
      model,
      { read: e.read, created: 0, updated: e.created, skipped: e.skipped },
    ]),
  );
}

let t: TestApp;
let admin: TestUser;
let client: TransferClient;

const importFile = (body: Buffer | string, as: TestUser | null = admin) =>
  client.request(as, {
    method: 'POST',
    url: '/api/import/panopticum',
    headers: { 'content-type': 'application/json' },
    payload: body,
  });

async function exportDocument() {
  const res = await client.request(admin, { method: 'GET', url: '/api/export/argus' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('root', { admin: true });
  client = await transferClient(t);
});
afterAll(async () => {
  await client.close();
  await t.close();
});

describe('Panopticum import', () => {
  it('refuses a malformed file, naming line and column, and writes nothing', async () => {
    const res = await importFile(
      '[{"model": "panopticum.componentmodel", "pk": 1,\n  "fields": {"name": "x",}}]',
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('ARGUS_TRANSFER_INVALID');
    expect(body.problems[0].field).toMatch(/^line 2, column \d+$/);
    expect(body.problems[0].reason).toMatch(/not valid JSON/);
    expect((await exportDocument()).components).toEqual([]);
  });

  it('refuses records that are not {model, pk, fields}', async () => {
    const res = await importFile(
      JSON.stringify([{ model: 'panopticum.componentmodel', pk: 1, fields: {} }, { pk: 2 }]),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      { field: '[1]', reason: expect.stringContaining('"model"') },
    ]);
  });

  it('is one transaction: a bad record leaves nothing behind', async () => {
    const file = records('demo');
    // The same version twice: the whole file is refused, including the valid records before it.
    const version = file.find((r) => r.model === 'panopticum.componentversionmodel')!;
    const broken = [...file, { ...version, pk: 999 }];
    const res = await importFile(JSON.stringify(broken));
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0]).toEqual({
      field: expect.stringMatching(/^versions\[\d+\]\.version$/),
      reason: expect.stringContaining('listed twice'),
    });
    const doc = await exportDocument();
    expect(doc.components).toEqual([]);
    expect(doc.requirements).toEqual([]);
    expect(doc.referenceLists).toEqual({});
  });

  it('imports demo.json with the counts of the file, per model', async () => {
    const res = await importFile(fixture('demo'));
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report.format).toBe('panopticum');
    expect(byModel(report)).toEqual(expectedCounts(records('demo')));
    expect(report.warnings.join('\n')).toContain('panopticum-user-1');
  });

  it('maps components, versions, people, dependencies, deployments, statuses and the radar', async () => {
    const file = records('demo');
    const doc = await exportDocument();
    const components = file.filter((r) => r.model === 'panopticum.componentmodel');
    expect(doc.components.map((c: { title: string }) => c.title).sort()).toEqual(
      components.map((c) => c.fields.name).sort(),
    );
    const idp = doc.components.find((c: { title: string }) => c.title === 'My IdP');
    expect(idp).toMatchObject({
      name: 'my-idp',
      lifecycle: 'mature',
      type: 'Web Service',
      category: 'My category',
      vendor: 'My Company',
      privacyClass: 'Sensitive metadata',
    });

    const version = doc.versions.find(
      (v: { component: string }) => v.component === 'component:default/my-idp',
    );
    expect(version).toMatchObject({
      version: '1.0',
      qa: {
        manual: { rating: 'med', notes: 'Manual tests are good' },
        unit: { rating: 'high', notes: '90% code coverage' },
      },
    });
    expect(version.people.qa_lead).toEqual(['panopticum-user-1']);
    const placeholder = doc.people.find(
      (p: { username: string }) => p.username === 'panopticum-user-1',
    );
    expect(placeholder).toMatchObject({ hidden: true });

    expect(doc.dependencies).toEqual([
      {
        from: 'component:default/my-idp',
        fromVersion: '1.0',
        to: 'component:default/my-postgresql-db',
        type: 'strong_rw',
        notes: 'Main database',
      },
    ]);
    expect(doc.deployments).toHaveLength(
      file.filter((r) => r.model === 'panopticum.componentdeploymentmodel').length,
    );
    expect(doc.referenceLists.databases.map((d: { name: string }) => d.name)).toContain(
      'PostgreSQL',
    );
    expect(doc.referenceLists.product_versions.map((d: { parent: string }) => d.parent)).toContain(
      'My cloud products family',
    );

    // Owner and reviewer entries of one (version, requirement) meet in one status.
    const entries = file.filter(
      (r) => r.model === 'panopticum.requirementstatusentry' && r.fields.type !== 3,
    );
    const pairs = new Set(
      entries.map((r) => `${r.fields.component_version}/${r.fields.requirement}`),
    );
    expect(doc.requirementStatuses).toHaveLength(pairs.size);
    const reviewed = entries.filter((r) => r.fields.type === 2 && r.fields.status === 2);
    expect(reviewed.length).toBeGreaterThan(0);
    expect(
      doc.requirementStatuses.filter(
        (s: { reviewerStatus: string }) => s.reviewerStatus === 'rejected',
      ),
    ).toHaveLength(reviewed.length);

    const sets = file.filter((r) => r.model === 'panopticum.requirementset');
    expect(doc.requirementSets.map((s: { name: string }) => s.name)).toEqual(
      sets.map((s) => s.fields.name),
    );
    expect(doc.requirementSets[0].requirements).toHaveLength(
      (sets[0]!.fields.requirements as unknown[]).length,
    );

    const entriesInFile = file.filter((r) => r.model === 'panopticum.techradarentry');
    expect(doc.radar.entries).toHaveLength(entriesInFile.length);
    expect(
      doc.radar.rings.map((r: { name: string; color: string }) => [r.name, r.color]),
    ).toContainEqual(['ADOPT', '#5ba300']);
    const rabbit = doc.radar.entries.find((e: { label: string }) => e.label === 'RabbitMQ');
    expect(rabbit.history.at(-1).ring).toBe('HOLD');
  });

  it('records the created entities in history', async () => {
    const res = await t.request(admin, {
      method: 'GET',
      url: '/api/history?entityType=component&limit=100',
    });
    expect(res.statusCode).toBe(200);
    const created = res
      .json()
      .items.filter(
        (e: { action: string; reason: string }) =>
          e.action === 'create' && /imported from/.test(e.reason),
      );
    expect(created.map((e: { entityRef: string }) => e.entityRef).sort()).toEqual([
      'component:default/my-api-gateway',
      'component:default/my-idp',
      'component:default/my-postgresql-db',
    ]);
  });

  it('updates instead of duplicating when the same file comes again', async () => {
    const before = await exportDocument();
    const res = await importFile(fixture('demo'));
    expect(res.statusCode, res.body).toBe(201);
    expect(byModel(res.json())).toEqual(asUpdated(expectedCounts(records('demo'))));
    const after = await exportDocument();
    delete before.exportedAt;
    delete after.exportedAt;
    expect(after).toEqual(before);
  });

  it('imports minimal.json over it: the sets and requirements match by name', async () => {
    const res = await importFile(fixture('minimal'));
    expect(res.statusCode, res.body).toBe(201);
    expect(byModel(res.json())).toEqual(asUpdated(expectedCounts(records('minimal'))));
    const doc = await exportDocument();
    expect(doc.requirementSets).toHaveLength(4);
    expect(doc.requirementSets.map((s: { name: string }) => s.name)).toContain(
      'Architecture requirements',
    );
  });

  it('imports minimal.json ("ovrerall", sets without display slots) into an empty Argus', async () => {
    const fresh = await startTestApp();
    const root = await fresh.user('root', { admin: true });
    const freshClient = await transferClient(fresh);
    try {
      const res = await freshClient.request(root, {
        method: 'POST',
        url: '/api/import/panopticum',
        headers: { 'content-type': 'application/json' },
        payload: fixture('minimal'),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(byModel(res.json())).toEqual(expectedCounts(records('minimal')));
      const doc = (
        await freshClient.request(root, { method: 'GET', url: '/api/export/argus' })
      ).json();
      expect(doc.requirementSets.map((s: { position: number }) => s.position)).toEqual([
        1, 2, 3, 4,
      ]);
      expect(doc.requirements).toHaveLength(
        records('minimal').filter((r) => r.model === 'panopticum.requirement').length,
      );
    } finally {
      await freshClient.close();
      await fresh.close();
    }
  });

  it('lets only admins import', async () => {
    const member = await t.user('reader');
    const res = await importFile(fixture('minimal'), member);
    expect(res.statusCode).toBe(403);
    expect((await importFile(fixture('minimal'), null)).statusCode).toBe(401);
  });
});

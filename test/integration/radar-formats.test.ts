import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRadarContent } from '../../src/radar/bulk.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

// Zalando's config.json and Backstage's tech radar JSON, both ways: an export imported into a
// fresh Argus exports the same file again; a file with an unknown ring writes nothing.
interface Instance {
  t: TestApp;
  admin: TestUser;
}
let source: Instance;
const fresh: Instance[] = [];

async function instance(): Promise<Instance> {
  const t = await startTestApp();
  return { t, admin: await t.user('admin', { admin: true }) };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

beforeAll(async () => {
  source = await instance();
  const post = async (url: string, payload: object) => {
    const res = await source.t.request(source.admin, { method: 'POST', url, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res;
  };
  // The defaults, then one entry per kind of move.
  await source.t.request(source.admin, { method: 'GET', url: '/api/radar' });
  const entries: [string, string, string, [string, number][]][] = [
    ['Go', 'Languages & Frameworks', 'https://go.dev', [['Adopt', 400]]],
    [
      'Kafka',
      'Platforms',
      '',
      [
        ['Assess', 400],
        ['Trial', 10],
      ],
    ],
    [
      'Perl',
      'Languages & Frameworks',
      '',
      [
        ['Trial', 400],
        ['Hold', 5],
      ],
    ],
    ['Bazel', 'Tools', '', [['Assess', 3]]],
    [
      'Event Storming',
      'Techniques',
      '',
      [
        ['Trial', 700],
        ['Adopt', 300],
      ],
    ],
  ];
  for (const [label, quadrant, link, points] of entries) {
    const [first, ...rest] = points;
    const created = await post('/api/radar/entries', {
      label,
      quadrant,
      link,
      description: `Why ${label}`,
      ring: first![0],
      date: daysAgo(first![1]),
      note: `${label} arrives`,
    });
    for (const [ring, days] of rest)
      await post(`/api/radar/entries/${created.json().id}/timeline`, {
        ring,
        date: daysAgo(days),
        note: `to ${ring}`,
      });
  }
  fresh.push(await instance(), await instance());
});
afterAll(async () => {
  for (const i of [source, ...fresh]) await i.t.close();
});

const exportAs = async (i: Instance, format: string) => {
  const res = await i.t.request(i.admin, {
    method: 'GET',
    url: `/api/radar/export?format=${format}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const importAs = (i: Instance, format: string, payload: object) =>
  i.t.request(i.admin, { method: 'POST', url: `/api/radar/import?format=${format}`, payload });

describe('Zalando config.json', () => {
  it('exports quadrants and rings by index and the derived moves', async () => {
    const file = await exportAs(source, 'zalando');
    expect(file.rings.map((r: { name: string }) => r.name)).toEqual([
      'Adopt',
      'Trial',
      'Assess',
      'Hold',
    ]);
    const moved = Object.fromEntries(
      file.entries.map((e: { label: string; moved: number; ring: number; quadrant: number }) => [
        e.label,
        [e.quadrant, e.ring, e.moved],
      ]),
    );
    expect(moved).toEqual({
      Go: [0, 0, 0],
      Kafka: [1, 1, 1],
      Perl: [0, 3, -1],
      Bazel: [2, 2, 2],
      'Event Storming': [3, 0, 0],
    });
  });

  it('round-trips: export, import into a fresh Argus, export again is identical', async () => {
    const first = await exportAs(source, 'zalando');
    const target = fresh[0]!;
    // The fresh Argus has been opened: its default radar gives way to the file's.
    await target.t.request(target.admin, { method: 'GET', url: '/api/radar' });
    const res = await importAs(target, 'zalando', first);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().counts).toContainEqual({
      model: 'radar_entries',
      read: 5,
      created: 5,
      updated: 0,
    });
    expect(await exportAs(target, 'zalando')).toEqual(first);
    // The same file again changes nothing.
    const again = await importAs(target, 'zalando', first);
    expect(again.json().counts).toContainEqual({
      model: 'radar_history',
      read: 0,
      created: 0,
      updated: 0,
    });
    expect(await exportAs(target, 'zalando')).toEqual(first);
  });
});

describe('Backstage tech radar JSON', () => {
  it('exports every timeline point, newest first, with ids', async () => {
    const file = await exportAs(source, 'backstage');
    const kafka = file.entries.find((e: { title: string }) => e.title === 'Kafka');
    expect(kafka).toMatchObject({
      id: 'kafka',
      key: 'kafka',
      quadrant: 'platforms',
      url: '#',
      description: 'Why Kafka',
    });
    expect(
      kafka.timeline.map((p: { ringId: string; moved: number }) => [p.ringId, p.moved]),
    ).toEqual([
      ['trial', 1],
      ['assess', 0],
    ]);
  });

  it('round-trips: export, import into a fresh Argus, export again is identical', async () => {
    const first = await exportAs(source, 'backstage');
    const target = fresh[1]!;
    const res = await importAs(target, 'backstage', first);
    expect(res.statusCode, res.body).toBe(201);
    expect(await exportAs(target, 'backstage')).toEqual(first);
    // And the radar a person sees is the source's.
    const seen = (
      await target.t.request(target.admin, { method: 'GET', url: '/api/radar' })
    ).json();
    expect(seen.entries.map((e: { label: string; ring: string }) => [e.label, e.ring])).toEqual(
      (await source.t.request(source.admin, { method: 'GET', url: '/api/radar' }))
        .json()
        .entries.map((e: { label: string; ring: string }) => [e.label, e.ring]),
    );
  });
});

describe('the radar as bulk records', () => {
  it('reads what the Argus export writes, so the export can take it from the radar module', async () => {
    const res = await source.t.request(source.admin, { method: 'GET', url: '/api/export/argus' });
    expect(res.statusCode).toBe(200);
    const records = await readRadarContent(source.t.database.db);
    expect(records.entries.map((e) => e.label)).toEqual([
      'Bazel',
      'Event Storming',
      'Go',
      'Kafka',
      'Perl',
    ]);
    expect(records).toEqual(res.json().radar);
  });
});

describe('a radar file with problems', () => {
  it('is refused whole: 400 naming the entry and the field, nothing written', async () => {
    const file = await exportAs(source, 'backstage');
    file.entries[1].timeline[0].ringId = 'later';
    file.entries.push({ ...file.entries[0], id: 'new-one', key: 'new-one', title: 'New One' });
    const target = await instance();
    try {
      const before = await exportAs(target, 'backstage');
      const res = await importAs(target, 'backstage', file);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('ARGUS_RADAR_INVALID');
      expect(res.json().problems).toEqual([
        {
          field: 'entries[1].timeline[0].ringId',
          reason: `entry "${file.entries[1].title}": no ring with id "later" in rings`,
        },
      ]);
      expect(await exportAs(target, 'backstage')).toEqual(before);

      const zalando = await exportAs(source, 'zalando');
      zalando.entries[2].ring = 9;
      const refused = await importAs(target, 'zalando', zalando);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().problems).toEqual([
        {
          field: 'entries[2].ring',
          reason: `entry "${zalando.entries[2].label}": no ring 9 (the file has 4, counted from 0)`,
        },
      ]);
      const notAFile = await importAs(target, 'zalando', { entries: 'none' });
      expect(notAFile.statusCode).toBe(400);
      expect(await exportAs(target, 'backstage')).toEqual(before);
    } finally {
      await target.t.close();
    }
  });

  it('is refused to anyone but an admin', async () => {
    const member = await source.t.user('member');
    const res = await importAs({ t: source.t, admin: member }, 'zalando', { entries: [] });
    expect(res.statusCode).toBe(403);
  });
});

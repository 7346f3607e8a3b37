import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

// The tech radar through the API (PRODUCT 3): defaults, structure, entries and their timeline,
// links to the catalog, the components using an entry, the Hold flag, rights and bad input.
let t: TestApp;
let f: CatalogFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (
  as: CatalogFixture[keyof CatalogFixture] | null,
  method: Method,
  url: string,
  payload?: unknown,
) =>
  t.request(as, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

interface RadarBody {
  quadrants: { id: string; name: string }[];
  rings: { id: string; name: string; hold: boolean; color: string }[];
  entries: {
    id: string;
    number: number;
    label: string;
    quadrant: string;
    ring: string | null;
    moved: string;
    timeline: { id: string; ring: string; date: string; note: string }[];
    links: { id: string; kind: string; target: string }[];
    usedBy: { ref: string; via: string }[];
  }[];
  may: { edit: boolean };
}
const radar = async (as = f.viewer) => {
  const res = await call(as, 'GET', '/api/radar');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RadarBody;
};
const entry = async (label: string) => (await radar()).entries.find((e) => e.label === label)!;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('the tech radar', () => {
  it('starts with four quadrants and the rings Adopt, Trial, Assess and Hold, each with a colour', async () => {
    const first = await radar();
    expect(first.quadrants).toHaveLength(4);
    expect(first.rings.map((r) => [r.name, r.hold])).toEqual([
      ['Adopt', false],
      ['Trial', false],
      ['Assess', false],
      ['Hold', true],
    ]);
    for (const ring of first.rings) expect(ring.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(first.may.edit).toBe(false);
    // Read again: seeded once.
    expect((await radar(f.admin)).rings).toHaveLength(4);
    expect((await radar(f.admin)).may.edit).toBe(true);
  });

  it('lets only logged-in people read and only admins write', async () => {
    expect((await call(null, 'GET', '/api/radar')).statusCode).toBe(401);
    const byOwner = await call(f.owner, 'POST', '/api/radar/quadrants', { name: 'Owned' });
    expect(byOwner.statusCode).toBe(403);
    expect(byOwner.json().code).toBe('ARGUS_RADAR_FORBIDDEN');
    expect((await radar()).quadrants.map((q) => q.name)).not.toContain('Owned');
  });

  it('adds entries on a ring with a note, numbered by quadrant and ring', async () => {
    for (const [label, ring, date] of [
      ['Go', 'Adopt', daysAgo(400)],
      ['Perl', 'Hold', daysAgo(400)],
      ['Python', 'Trial', daysAgo(400)],
    ] as const) {
      const res = await call(f.admin, 'POST', '/api/radar/entries', {
        label,
        quadrant: 'Languages & Frameworks',
        ring,
        date,
        note: `${label} joins`,
        description: `**${label}**`,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const r = await radar();
    expect(r.entries.map((e) => [e.number, e.label, e.ring, e.moved])).toEqual([
      [1, 'Go', 'Adopt', 'unchanged'],
      [2, 'Python', 'Trial', 'unchanged'],
      [3, 'Perl', 'Hold', 'unchanged'],
    ]);
    expect(r.entries[0]!.timeline).toEqual([
      { id: expect.any(String), ring: 'Adopt', date: expect.any(String), note: 'Go joins' },
    ]);
  });

  it('moves an entry with a dated ring change; the newest point is its ring and the move is derived', async () => {
    const python = await entry('Python');
    const moved = await call(f.admin, 'POST', `/api/radar/entries/${python.id}/timeline`, {
      ring: 'Adopt',
      note: 'proved itself in data pipelines',
    });
    expect(moved.statusCode, moved.body).toBe(204);
    const after = await entry('Python');
    expect(after).toMatchObject({ ring: 'Adopt', moved: 'in' });
    expect(after.timeline.map((p) => p.ring)).toEqual(['Trial', 'Adopt']);
    // A back-dated point before the newest does not change the ring.
    await call(f.admin, 'POST', `/api/radar/entries/${python.id}/timeline`, {
      ring: 'Assess',
      date: daysAgo(500),
    });
    expect((await entry('Python')).ring).toBe('Adopt');

    const rust = await call(f.admin, 'POST', '/api/radar/entries', {
      label: 'Rust',
      quadrant: 'Languages & Frameworks',
      ring: 'Assess',
    });
    expect(rust.statusCode).toBe(201);
    expect((await entry('Rust')).moved).toBe('new');
    // The window of "new" is the caller's: with none, nothing is new.
    const narrow = (await call(f.viewer, 'GET', '/api/radar?newDays=0')).json() as RadarBody;
    expect(narrow.entries.find((e) => e.label === 'Rust')!.moved).toBe('unchanged');
  });

  it('lists the components that use an entry: linked, or through their versions', async () => {
    const go = await entry('Go');
    const link = await call(f.admin, 'POST', `/api/radar/entries/${go.id}/links`, {
      kind: 'language',
      target: 'go',
    });
    expect(link.statusCode, link.body).toBe(201);
    const perl = await entry('Perl');
    expect(
      (
        await call(f.admin, 'POST', `/api/radar/entries/${perl.id}/links`, {
          kind: 'component',
          target: 'default/ledger-db',
        })
      ).statusCode,
    ).toBe(201);
    const after = await radar();
    const goAfter = after.entries.find((e) => e.label === 'Go')!;
    expect(goAfter.links).toEqual([{ id: expect.any(String), kind: 'language', target: 'Go' }]);
    expect(goAfter.usedBy).toEqual([
      { ref: 'component:default/payments-api', title: 'Payments API', via: 'language Go' },
    ]);
    expect(after.entries.find((e) => e.label === 'Perl')!.usedBy).toEqual([
      { ref: 'component:default/ledger-db', title: 'Ledger database', via: 'linked' },
    ]);
  });

  it('flags a component that uses a technology on Hold (the outermost ring)', async () => {
    const ledger = await call(f.viewer, 'GET', '/api/radar/components/default/ledger-db/hold');
    expect(ledger.statusCode).toBe(200);
    expect(ledger.json()).toEqual({
      ring: 'Hold',
      entries: [
        {
          id: expect.any(String),
          label: 'Perl',
          quadrant: 'Languages & Frameworks',
          via: 'linked',
        },
      ],
    });
    const payments = await call(f.viewer, 'GET', '/api/radar/components/default/payments-api/hold');
    expect(payments.json().entries).toEqual([]);
    // Go moves to Hold: payments-api, whose versions name Go, is flagged.
    const go = await entry('Go');
    await call(f.admin, 'POST', `/api/radar/entries/${go.id}/timeline`, { ring: 'Hold' });
    const flagged = await call(f.viewer, 'GET', '/api/radar/components/default/payments-api/hold');
    expect(
      flagged.json().entries.map((e: { label: string; via: string }) => [e.label, e.via]),
    ).toEqual([['Go', 'language Go']]);
    expect(
      (await call(f.viewer, 'GET', '/api/radar/components/default/nothing-here/hold')).statusCode,
    ).toBe(404);
  });

  it('edits, reorders and recolours quadrants and rings', async () => {
    const r = await radar();
    const trial = r.rings.find((x) => x.name === 'Trial')!;
    const res = await call(f.admin, 'PATCH', `/api/radar/rings/${trial.id}`, {
      color: '#123456',
      description: 'Try it',
    });
    expect(res.statusCode, res.body).toBe(204);
    const extra = await call(f.admin, 'POST', '/api/radar/rings', {
      name: 'Retire',
      color: '#999',
    });
    expect(extra.statusCode, extra.body).toBe(201);
    const after = await radar();
    expect(after.rings.map((x) => [x.name, x.hold])).toEqual([
      ['Adopt', false],
      ['Trial', false],
      ['Assess', false],
      ['Hold', false],
      ['Retire', true],
    ]);
    expect(after.rings.find((x) => x.name === 'Trial')!.color).toBe('#123456');
    expect((await call(f.admin, 'DELETE', `/api/radar/rings/${extra.json().id}`)).statusCode).toBe(
      204,
    );
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const before = await radar();
    const unknownRing = await call(f.admin, 'POST', '/api/radar/entries', {
      label: 'Zig',
      quadrant: 'Languages & Frameworks',
      ring: 'Nowhere',
    });
    expect(unknownRing.statusCode).toBe(400);
    expect(unknownRing.json().problems).toEqual([
      { field: 'ring', reason: 'no radar ring "Nowhere"' },
    ]);
    const duplicate = await call(f.admin, 'POST', '/api/radar/entries', {
      label: 'go',
      quadrant: 'Tools',
      ring: 'Adopt',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().problems[0].field).toBe('label');
    const future = await call(
      f.admin,
      'POST',
      `/api/radar/entries/${before.entries[0]!.id}/timeline`,
      {
        ring: 'Adopt',
        date: new Date(Date.now() + 86_400_000).toISOString(),
      },
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().problems[0].field).toBe('date');
    const badLink = await call(
      f.admin,
      'POST',
      `/api/radar/entries/${before.entries[0]!.id}/links`,
      {
        kind: 'database',
        target: 'NoSuchDB',
      },
    );
    expect(badLink.statusCode).toBe(400);
    expect(badLink.json().problems[0].field).toBe('link.target');
    const badColour = await call(f.admin, 'POST', '/api/radar/rings', {
      name: 'X',
      color: 'url(x)',
    });
    expect(badColour.statusCode).toBe(400);
    const after = await radar();
    expect(after.entries.map((e) => [e.label, e.timeline.length, e.links.length])).toEqual(
      before.entries.map((e) => [e.label, e.timeline.length, e.links.length]),
    );
    expect(after.rings).toHaveLength(before.rings.length);
  });

  it('keeps a quadrant or ring that entries use', async () => {
    const r = await radar();
    const languages = r.quadrants.find((q) => q.name === 'Languages & Frameworks')!;
    const res = await call(f.admin, 'DELETE', `/api/radar/quadrants/${languages.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ARGUS_RADAR_IN_USE');
    const adopt = r.rings.find((x) => x.name === 'Adopt')!;
    expect((await call(f.admin, 'DELETE', `/api/radar/rings/${adopt.id}`)).statusCode).toBe(409);
  });

  it('refuses every write to people who are not admins, changing nothing', async () => {
    const before = await radar();
    const [ring, quadrant] = [before.rings[0]!, before.quadrants[0]!];
    const go = before.entries.find((e) => e.label === 'Go')!;
    const writes: [Method, string, object?][] = [
      ['POST', '/api/radar/quadrants', { name: 'Mine' }],
      ['PATCH', `/api/radar/quadrants/${quadrant.id}`, { name: 'Mine' }],
      ['DELETE', `/api/radar/quadrants/${quadrant.id}`],
      ['POST', '/api/radar/rings', { name: 'Mine' }],
      ['PATCH', `/api/radar/rings/${ring.id}`, { color: '#000' }],
      ['DELETE', `/api/radar/rings/${ring.id}`],
      ['POST', '/api/radar/entries', { label: 'Mine', quadrant: quadrant.name, ring: ring.name }],
      ['PATCH', `/api/radar/entries/${go.id}`, { label: 'Mine' }],
      ['DELETE', `/api/radar/entries/${go.id}`],
      ['POST', `/api/radar/entries/${go.id}/timeline`, { ring: ring.name }],
      ['DELETE', `/api/radar/entries/${go.id}/timeline/${go.timeline[0]!.id}`],
      ['POST', `/api/radar/entries/${go.id}/links`, { kind: 'language', target: 'Python' }],
      ['DELETE', `/api/radar/entries/${go.id}/links/${go.links[0]!.id}`],
      ['POST', '/api/radar/import?format=zalando', { quadrants: [], rings: [], entries: [] }],
    ];
    for (const as of [f.owner, f.qaLead, f.viewer])
      for (const [method, url, payload] of writes) {
        const res = await call(as, method, url, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().code).toBe('ARGUS_RADAR_FORBIDDEN');
      }
    expect(await radar()).toEqual(before);
  });

  it('records every change in history, with who made it', async () => {
    const res = await call(f.admin, 'GET', '/api/history?ref=radar-entry:Python&limit=100');
    expect(res.statusCode).toBe(200);
    const events = res.json().items as {
      entityType: string;
      action: string;
      actor: string;
      field: string | null;
      newValue: unknown;
    }[];
    expect(
      events.filter((e) => e.entityType === 'radar_entry_history' && e.field === 'ring'),
    ).toHaveLength(3);
    expect(events.every((e) => e.actor === 'alice')).toBe(true);
  });

  it('deletes an entry with its timeline and links', async () => {
    const rust = await entry('Rust');
    expect((await call(f.admin, 'DELETE', `/api/radar/entries/${rust.id}`)).statusCode).toBe(204);
    expect((await radar()).entries.map((e) => e.label)).not.toContain('Rust');
    expect((await call(f.admin, 'DELETE', `/api/radar/entries/${rust.id}`)).statusCode).toBe(404);
  });
});

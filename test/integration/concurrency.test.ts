import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

/**
 * Writes that arrive at the same time. On PostgreSQL each request runs in its own transaction on
 * its own connection, so these races are real; PGlite runs transactions one at a time and must
 * give the same answers.
 */

let t: TestApp;
let f: CatalogFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await seedCatalog(t);
});
afterAll(() => t.close());

interface Event {
  id: number;
  action: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
}

async function historyOf(entityType: string, entityId: string): Promise<Event[]> {
  const res = await t.request(f.admin, {
    method: 'GET',
    url: `/api/history?entityType=${entityType}&entityId=${entityId}&limit=1000`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Event[]).sort((a, b) => a.id - b.id);
}

describe('concurrent writes', () => {
  it('20 edits of one component at once: every one lands and the history chains old -> new', async () => {
    const url = '/api/components/default/payments-api';
    const start = (await t.request(f.admin, { method: 'GET', url })).json().component;
    const edits = Array.from({ length: 20 }, (_, i) =>
      t.request(f.owner, {
        method: 'PATCH',
        url,
        payload: { title: `Payments API rev ${i}`, tags: ['pci', `rev-${i}`] },
      }),
    );
    const answers = await Promise.all(edits);
    for (const res of answers) expect(res.statusCode, res.body).toBe(200);

    const events = await historyOf('component', start.id);
    for (const field of ['title', 'tags']) {
      const chain = events.filter((e) => e.action === 'update' && e.field === field);
      expect(chain).toHaveLength(20);
      expect(chain[0]!.oldValue).toEqual(start[field]);
      for (let i = 1; i < chain.length; i++)
        expect(chain[i]!.oldValue).toEqual(chain[i - 1]!.newValue);
      const final = (await t.request(f.admin, { method: 'GET', url })).json().component;
      expect(final[field]).toEqual(chain.at(-1)!.newValue);
    }
  });

  it('two dependencies that would together close a cycle: exactly one is stored', async () => {
    // Several pairs at once, so a missing lock shows even when one pair happens to serialise.
    const pairs = Array.from({ length: 4 }, (_, i) => [`cycle-a${i}`, `cycle-b${i}`] as const);
    for (const [a, b] of pairs) {
      for (const name of [a, b])
        await t.catalog.createComponent(t.system, {
          name,
          namespace: 'default',
          owner: 'payments',
        });
    }
    const add = (from: string, to: string) =>
      t.request(f.owner, {
        method: 'POST',
        url: '/api/dependencies',
        payload: { from, to, type: 'strong_rw' },
      });
    const answers = await Promise.all(pairs.flatMap(([a, b]) => [add(a, b), add(b, a)]));
    for (let i = 0; i < pairs.length; i++) {
      const pair = [answers[2 * i]!, answers[2 * i + 1]!];
      const created = pair.filter((r) => r.statusCode === 201);
      const refused = pair.filter((r) => r.statusCode !== 201);
      expect(created, pair.map((r) => r.body).join('\n')).toHaveLength(1);
      expect(refused[0]!.statusCode).toBe(400);
      expect(refused[0]!.json()).toMatchObject({
        code: 'ARGUS_CATALOG_CYCLE',
        problems: [{ field: 'to' }],
      });
      const [a, b] = pairs[i]!;
      const page = (
        await t.request(f.admin, { method: 'GET', url: `/api/components/default/${a}` })
      ).json();
      expect([...page.dependsOn, ...page.dependents]).toHaveLength(1);
      expect(JSON.stringify(page)).toContain(`component:default/${b}`);
    }
  });

  it('the same new name twice at once: one is created, the other is told the name is taken', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.request(f.admin, {
          method: 'POST',
          url: '/api/components',
          payload: { name: 'twin', owner: 'payments' },
        }),
      ),
    );
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const res of answers.filter((r) => r.statusCode !== 201)) {
      // The service's own check (400) when the first had committed, the unique key (409) when not.
      expect([400, 409], res.body).toContain(res.statusCode);
      expect(res.json().problems).toMatchObject([{ field: 'name' }]);
    }
  });

  it('a version added while another is: the language summary counts both', async () => {
    await t.catalog.createComponent(t.system, {
      name: 'summary',
      namespace: 'default',
      owner: 'payments',
    });
    const answers = await Promise.all(
      (['Go', 'Python', 'TypeScript'] as const).map((language, i) =>
        t.request(f.owner, {
          method: 'POST',
          url: '/api/components/default/summary/versions',
          payload: { version: `1.${i}`, languages: [language] },
        }),
      ),
    );
    for (const res of answers) expect(res.statusCode, res.body).toBe(201);
    const page = (
      await t.request(f.admin, { method: 'GET', url: '/api/components/default/summary' })
    ).json();
    expect(page.component.languages).toEqual(['Go', 'Python', 'TypeScript']);
  });
});

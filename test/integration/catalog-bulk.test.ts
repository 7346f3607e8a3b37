import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importComponents } from '../../src/catalog/bulk/components.js';
import { importEntities } from '../../src/catalog/bulk/entities.js';
import { CatalogImport } from '../../src/catalog/bulk/import.js';
import { importPeople } from '../../src/catalog/bulk/people.js';
import type { EntityRecord, PersonRecord, TeamRecord } from '../../src/catalog/bulk/records.js';
import { upsertTeams } from '../../src/catalog/bulk/teams.js';
import { listHistory } from '../../src/platform/audit/service.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

/**
 * The catalog's bulk operations on their own, as any format calls them: checked through the
 * module's contract, written with their history through the audit service, or not at all.
 */

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const tally = () => {
  const counts = new Map<string, number>();
  return {
    counts,
    add(model: string, field: string, n = 1) {
      counts.set(`${model} ${field}`, (counts.get(`${model} ${field}`) ?? 0) + n);
    },
  };
};

/** Plans with `plan`; writes only when nothing was refused, as every import does. */
async function bulk(plan: (b: CatalogImport) => Promise<unknown>) {
  const counter = tally();
  const b = await inTransaction(t.database.db, t.bus, t.system, async (work) => {
    const b = new CatalogImport(work, t.system, 'imported from a test', counter, () => {});
    await plan(b);
    if (b.problems.length === 0) {
      await b.write();
      b.emitChanges();
    }
    return b;
  });
  return { problems: b.problems, outcomes: b.outcomes, counts: counter.counts };
}

const people: PersonRecord[] = [
  { username: 'ada', name: 'Ada', manager: 'grace' },
  { username: 'grace', name: 'Grace' },
];
const teams: TeamRecord[] = [
  { name: 'payments', parent: 'platform', members: ['ada'] },
  { name: 'platform', members: ['grace'] },
];

describe('people and teams in bulk', () => {
  it('adds them, managers and parents named before they are listed, with one history event each', async () => {
    const result = await bulk(async (b) => {
      await importPeople(b, people);
      await upsertTeams(b, teams);
    });
    expect(result.problems).toEqual([]);
    expect(result.outcomes.get('person:ada')).toBe('created');
    expect(result.outcomes.get('team:payments')).toBe('created');
    expect(await t.catalog.getTeam('payments')).toMatchObject({
      parent: 'platform',
      members: ['ada'],
    });
    expect((await t.catalog.getPerson('ada')).manager).toBe('grace');
    const history = await listHistory(t.database.db, { ref: 'group:payments', limit: 10 });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: 'create',
      field: null,
      reason: 'imported from a test',
      newValue: { name: 'payments', parent: 'platform', members: ['ada'], type: 'team' },
    });
  });

  it('records nothing the second time: the same records change nothing', async () => {
    const before = await listHistory(t.database.db, { limit: 1 });
    const result = await bulk(async (b) => {
      await importPeople(b, people);
      await upsertTeams(b, teams);
    });
    expect(result.outcomes.get('team:platform')).toBe('updated');
    expect(await listHistory(t.database.db, { limit: 1 })).toEqual(before);
  });

  it('records each changed field of an update as an API edit does', async () => {
    await bulk((b) => upsertTeams(b, [{ name: 'payments', title: 'Payments' }]));
    const [event] = await listHistory(t.database.db, { ref: 'group:payments', limit: 1 });
    expect(event).toMatchObject({
      action: 'update',
      field: 'title',
      oldValue: '',
      newValue: 'Payments',
      reason: 'imported from a test',
    });
  });

  it("refuses a username against the contract's rule, naming the record, and writes nothing", async () => {
    const result = await bulk((b) =>
      importPeople(b, [{ username: 'no spaces' }, { username: 'fine' }], 'users'),
    );
    expect(result.problems).toEqual([
      {
        field: 'users[0].username',
        reason: '"no spaces" is not a valid username (letters, digits and . _ @ -)',
      },
    ]);
    await expect(t.catalog.getPerson('fine')).rejects.toThrow(/no person/);
  });

  it('refuses parents that would form a loop', async () => {
    const result = await bulk(async (b) => {
      await importPeople(b, []);
      await upsertTeams(b, [{ name: 'platform', parent: 'payments' }]);
    });
    expect(result.problems).toEqual([
      {
        field: 'teams[0].parent',
        reason: '"payments" is team "platform" or one of its sub-teams: parents would form a cycle',
      },
    ]);
    expect((await t.catalog.getTeam('platform')).parent).toBeNull();
  });
});

describe('entities in bulk', () => {
  it("refuses a tag against the catalog's tag rule, as the entities API does", async () => {
    const records: EntityRecord[] = [{ kind: 'system', name: 'ledger', tags: ['Money Things'] }];
    const result = await bulk(async (b) => {
      await importPeople(b, []);
      await upsertTeams(b, []);
      await importEntities(b, records, []);
    });
    expect(result.problems).toEqual([
      {
        field: 'entities[0].tags[0]',
        reason: '"Money Things": tags are 1-63 of a-z 0-9 : + # . -',
      },
    ]);
  });
});

describe('components in bulk', () => {
  it('checks records a format built itself as a file read with the schema is checked', async () => {
    const result = await bulk((b) =>
      importComponents(
        b,
        [{ name: 'ledger', links: [{ url: 'javascript:alert(1)' }], tags: ['ok', 'Not OK'] }],
        [],
      ),
    );
    expect(result.problems).toEqual([
      {
        field: 'components[0].links[0].url',
        reason: '"javascript:" links are not allowed: use http, https or mailto',
      },
      { field: 'components[0].tags[1]', reason: '"Not OK": tags are 1-63 of a-z 0-9 : + # . -' },
    ]);
    await expect(t.catalog.componentPage('ledger')).rejects.toThrow(/no component/);
  });
});

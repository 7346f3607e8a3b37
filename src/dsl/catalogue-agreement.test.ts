// PRODUCT.md section 4's promise on the field catalogues the product really uses: random filters
// generated from each catalogue (randomFilters), compiled to SQL and run on the real, migrated
// tables (PGlite, and PostgreSQL when reachable), select exactly what compilePredicate selects
// from the same records in memory. sql-agreement.test.ts covers the language's corners on a
// synthetic catalogue; this file covers what each real catalogue adds: its columns and SQL
// expressions, keyed fields under quoted keys, and `owner` resolved through parent teams.
//
// A new catalogue joins with one describe block: random records written to its tables, read
// back as the API presents them, and checkAgreement. Components, each entity kind and Panoptes
// resources are here.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/database.js';
import { postgresReachable } from '../../test/helpers/engines.js';
import {
  componentFields,
  loadTeamParents,
  type OwnershipContext,
  ownerChain,
} from '../catalog/component-fields.js';
import { presentComponents } from '../catalog/components.js';
import { LIFECYCLES } from '../catalog/contract.js';
import { ENTITY_KINDS } from '../catalog/entities/contract.js';
import { entityFields } from '../catalog/entities/fields.js';
import { presentEntities } from '../catalog/entities/store.js';
import { catalogEntities, components, componentVersions, teams } from '../catalog/schema.js';
import { people } from '../platform/auth/schema.js';
import { type Database, type Db, queryRows } from '../platform/db.js';
import { RequirementFilterFields } from '../requirements/filter-fields.js';
import {
  OWNER_STATUSES,
  REVIEWER_STATUSES,
  requirementExemptions,
  requirementLevels,
  requirementSetExclusions,
  requirementSetMembers,
  requirementSets,
  requirementStatuses,
  requirements,
} from '../requirements/schema.js';
import type { Expr } from './ast.js';
import { compilePredicate, type PredicateContext } from './compile-predicate.js';
import { compileSql } from './compile-sql.js';
import type { FieldSet } from './fields.js';
import { formatFilter } from './format.js';
import { parseFilter } from './parse.js';
import { createResourceFields, type PanoptesResource } from './resource-fields.js';
import {
  type FilterVocabulary,
  randomFilters,
  withoutPositions,
} from './testing/random-filters.js';

/** Keys as real catalogs write them: Kubernetes and Backstage keys need the quoted form. */
const KEYS = [
  'app.kubernetes.io/name',
  'backstage.io/techdocs-ref',
  'a:b',
  'x.y',
  'with space',
  'team',
  'k',
  'K',
];
const TEAM_NAMES = ['platform', 'db', 'dba', 'web', 'ops', 'sre'];
/** Owners that are no team: a person, and a team's name in another case (= is exact). */
const OTHER_OWNERS = ['alice', 'Platform'];
const TEXTS = [
  ...TEAM_NAMES,
  ...OTHER_OWNERS,
  '',
  'a',
  'A',
  'ab',
  'web-1',
  'é',
  'É',
  '1',
  '10',
  '9.5',
  'x.y',
  'a_b',
  'a%b',
  'https://x.example/a',
];
const vocabulary = { texts: TEXTS, keys: KEYS };

const text = fc.constantFrom(...TEXTS);
const optionalText = fc.option(text, { freq: 3 });
const texts = fc.array(text, { maxLength: 3 });
// Plain objects: fast-check's dictionaries have no prototype, which the drivers refuse.
const keyed = fc
  .dictionary(fc.constantFrom(...KEYS), text, { maxKeys: 3 })
  .map((map) => ({ ...map }));

let databases: Database[] = [];

beforeAll(async () => {
  databases = [await openTestDatabase('pglite')];
  if (await postgresReachable()) databases.push(await openTestDatabase('postgres'));
  else if (process.env.ARGUS_REQUIRE_SERVICES === '1')
    throw new Error('ARGUS_REQUIRE_SERVICES=1 but PostgreSQL is not reachable');
});

afterAll(async () => {
  for (const database of databases) await database.close();
});

interface Agreement<R, X> {
  fields: FieldSet<R, X>;
  /** The engines whose tables hold `records` (default: every one). */
  engines?: Database[];
  /** Literals for the random filters (default: the catalog texts and keys). */
  vocabulary?: FilterVocabulary;
  /** The share of filters that must select a proper subset (default 0.4). */
  minProper?: number;
  /** The records as the predicate sees them, and its context. */
  records: R[];
  context: PredicateContext<X>;
  id: (record: R) => string;
  /** The ids of the rows the compiled condition selects. */
  select: (db: Db, where: SQL) => Promise<string[]>;
}

/**
 * Runs `count` random filters of the catalogue through the formatter and the parser, then
 * both compilers, on every engine. `records` must be loaded into every database already.
 */
async function checkAgreement<R, X>(agreement: Agreement<R, X>, count: number, seed: number) {
  const { fields, records, context, id, select } = agreement;
  const engines = agreement.engines ?? databases;
  // Filters that select all records or none prove little; most must select a proper subset.
  let proper = 0;
  await fc.assert(
    fc.asyncProperty(
      randomFilters(fields, agreement.vocabulary ?? vocabulary),
      async (tree: Expr) => {
        const filter = formatFilter(tree);
        const parsed = parseFilter(filter);
        expect(withoutPositions(parsed), filter).toEqual(withoutPositions(tree));
        const expected = records
          .filter(compilePredicate(parsed, fields, ...context))
          .map(id)
          .sort();
        if (expected.length > 0 && expected.length < records.length) proper++;
        const where = compileSql(parsed, fields);
        for (const database of engines) {
          const selected = (await select(database.db, where)).sort();
          expect(selected, `${database.engine}: ${filter}`).toEqual(expected);
        }
      },
    ),
    { numRuns: count, seed },
  );
  expect(proper, 'filters that select some records but not all').toBeGreaterThan(
    count * (agreement.minProper ?? 0.4),
  );
}

interface TeamSeed {
  name: string;
  /** Index of an earlier team in the list, so the tree has no cycle. */
  parent: number | null;
}

const teamTree: fc.Arbitrary<TeamSeed[]> = fc
  .shuffledSubarray(TEAM_NAMES, { minLength: 2 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name, i) =>
        fc
          .option(fc.nat(Math.max(0, i - 1)), { freq: 3, nil: null })
          .map((parent) => ({ name, parent: i === 0 ? null : parent })),
      ),
    ),
  );

/** Replaces the team tree (and whatever names a team) with `tree`; returns team ids by name. */
async function loadTeams(db: Db, tree: TeamSeed[]): Promise<Map<string, string>> {
  await db.delete(components);
  await db.delete(catalogEntities);
  // Children first: a parent still named by a child cannot go.
  await db.execute(sql`UPDATE ${teams} SET parent_id = NULL`);
  await db.delete(teams);
  const ids: string[] = [];
  for (const team of tree) {
    const [row] = await db
      .insert(teams)
      .values({ name: team.name, parentId: team.parent === null ? null : ids[team.parent] })
      .returning({ id: teams.id });
    ids.push(row?.id as string);
  }
  return new Map(tree.map((team, i) => [team.name, ids[i] as string]));
}

describe('the component catalogue', () => {
  const component = fc.record({
    namespace: fc.constantFrom('default', 'ops'),
    name: fc.constantFrom('web', 'db', 'api'),
    title: text,
    description: text,
    type: optionalText,
    lifecycle: fc.constantFrom(...LIFECYCLES),
    category: optionalText,
    subcategory: optionalText,
    vendor: optionalText,
    privacyClass: optionalText,
    system: optionalText,
    space: optionalText,
    owner: fc.option(fc.constantFrom(...TEAM_NAMES, ...OTHER_OWNERS), { freq: 5 }),
    tags: texts,
    languages: texts,
    frameworks: texts,
    locationClasses: texts,
    endpoints: texts,
    labels: keyed,
    annotations: keyed,
    highlyLoaded: fc.boolean(),
  });

  type ComponentSeed = typeof component extends fc.Arbitrary<infer T> ? T : never;

  /** Writes the teams and components to one database, as the catalog service stores them. */
  async function load(db: Db, tree: TeamSeed[], rows: ComponentSeed[]) {
    const teamId = await loadTeams(db, tree);
    if (rows.length === 0) return;
    await db.insert(components).values(
      rows.map((r, i) => ({
        ...r,
        // Names are unique per namespace; the index keeps them so and still lets LIKE meet them.
        name: `${r.name}-${i}`,
        ownerTeamId: r.owner === null ? null : (teamId.get(r.owner) ?? null),
      })),
    );
  }

  it('agrees on random filters over random catalogs with random team trees', async () => {
    const seed = Number(process.env.DSL_PROPERTY_SEED ?? 6);
    const catalogs = fc.sample(
      fc.tuple(teamTree, fc.array(component, { minLength: 20, maxLength: 60 })),
      { numRuns: 4, seed },
    );
    for (const [tree, rows] of catalogs) {
      for (const database of databases) await load(database.db, tree, rows);
      const db = databases[0]?.db as Db;
      // The records as the API presents them, and the team tree as the service would load it.
      const records = await presentComponents(db, await db.select().from(components));
      const context: OwnershipContext = { teamParents: await loadTeamParents(db) };
      await checkAgreement(
        {
          fields: componentFields,
          records,
          context: [context],
          id: (c) => c.name,
          select: async (db, where) =>
            (await db.select({ name: components.name }).from(components).where(where)).map(
              (r) => r.name,
            ),
        },
        150,
        seed,
      );
    }
  });

  it('matches owner through parent teams: what a team owns includes its sub-teams', async () => {
    // platform > db > dba, and web on its own; one component per owner, one with none.
    const tree: TeamSeed[] = [
      { name: 'platform', parent: null },
      { name: 'db', parent: 0 },
      { name: 'dba', parent: 1 },
      { name: 'web', parent: null },
    ];
    const owners = ['platform', 'db', 'dba', 'web', 'alice', null];
    const base = fc.sample(component, { numRuns: owners.length, seed: 1 });
    for (const database of databases) {
      await load(
        database.db,
        tree,
        owners.map((owner, i) => ({ ...(base[i] as ComponentSeed), name: 'web' as const, owner })),
      );
    }
    const db = databases[0]?.db as Db;
    const records = await presentComponents(db, await db.select().from(components));
    const context: OwnershipContext = { teamParents: await loadTeamParents(db) };
    const ownerOf = new Map(records.map((c) => [c.name, c.owner]));
    const cases: [string, (string | null)[]][] = [
      ["owner = 'platform'", ['platform', 'db', 'dba']],
      ["owner = 'db'", ['db', 'dba']],
      ["owner = 'dba'", ['dba']],
      ["owner = 'Platform'", []],
      ["owner = 'alice'", ['alice']],
      ["owner != 'db'", ['platform', 'web', 'alice']],
      ["NOT owner = 'platform'", ['web', 'alice']],
      ["owner IN ('dba', 'web')", ['dba', 'web']],
      ["owner NOT IN ('platform', 'alice')", ['web']],
      ["owner LIKE 'plat%'", ['platform', 'db', 'dba']],
      ['owner IS NULL', [null]],
      ["owner = 'db' OR owner IS NULL", ['db', 'dba', null]],
    ];
    for (const [filter, expected] of cases) {
      const expr = parseFilter(filter);
      const inMemory = records
        .filter(compilePredicate(expr, componentFields, context))
        .map((c) => c.owner);
      expect(inMemory.sort(), `memory: ${filter}`).toEqual([...expected].sort());
      for (const database of databases) {
        const rows = await database.db
          .select({ name: components.name })
          .from(components)
          .where(compileSql(expr, componentFields));
        expect(
          rows.map((r) => ownerOf.get(r.name) ?? null).sort(),
          `${database.engine}: ${filter}`,
        ).toEqual([...expected].sort());
      }
    }
    // The field's SQL array, which the facet index and others may read, is the same chain.
    for (const database of databases) {
      const chains = await queryRows<{ owner: string | null; chain: string[] | null }>(
        database.db,
        sql`SELECT ${components.owner} AS owner, ${componentFields.owner?.sql()} AS chain FROM ${components}`,
      );
      for (const { owner, chain } of chains) {
        expect(chain?.sort() ?? null, `${database.engine}: chain of ${owner}`).toEqual(
          ownerChain(owner, context.teamParents)?.sort() ?? null,
        );
      }
    }
    // Moving a team moves what its new parent owns, with no change to any component.
    for (const database of databases) {
      const [dbTeam] = await database.db.select().from(teams).where(eq(teams.name, 'db'));
      const [webTeam] = await database.db.select().from(teams).where(eq(teams.name, 'web'));
      await database.db
        .update(teams)
        .set({ parentId: webTeam?.id })
        .where(eq(teams.id, dbTeam?.id as string));
      const rows = await database.db
        .select({ owner: components.owner })
        .from(components)
        .where(compileSql(parseFilter("owner = 'web'"), componentFields));
      expect(rows.map((r) => r.owner).sort()).toEqual(['db', 'dba', 'web']);
    }
    const moved = { teamParents: await loadTeamParents(db) };
    const owned = records.filter(
      compilePredicate(parseFilter("owner = 'web'"), componentFields, moved),
    );
    expect(owned.map((c) => c.owner).sort()).toEqual(['db', 'dba', 'web']);
  });
});

describe('the catalogue of each entity kind (systems, domains, APIs, resources)', () => {
  const PERSONS = ['alice', 'bob'];
  const entity = fc.record({
    kind: fc.constantFrom(...ENTITY_KINDS),
    name: fc.constantFrom('web', 'db', 'api'),
    title: text,
    description: text,
    type: optionalText,
    lifecycle: fc.constantFrom(...LIFECYCLES),
    // A team (maybe not in this tree), a person, or nobody.
    owner: fc.option(fc.constantFrom(...TEAM_NAMES, ...PERSONS), { freq: 5 }),
    /** Index of the system (for APIs and resources) or domain (for systems) it belongs to. */
    parent: fc.option(fc.nat(9), { freq: 2 }),
    definitionUrl: optionalText,
    tags: texts,
    labels: keyed,
    annotations: keyed,
  });
  type EntitySeed = typeof entity extends fc.Arbitrary<infer T> ? T : never;

  /** Writes teams, the owner people and the entities, parents before what belongs to them. */
  async function load(db: Db, tree: TeamSeed[], seeds: EntitySeed[]) {
    const teamId = await loadTeams(db, tree);
    await db.delete(people).where(inArray(people.username, PERSONS));
    const personRows = await db
      .insert(people)
      .values(PERSONS.map((username) => ({ username })))
      .returning({ id: people.id, username: people.username });
    const personId = new Map(personRows.map((p) => [p.username, p.id]));
    const ids = new Map<string, string[]>();
    const order = ['domain', 'system', 'api', 'resource'] as const;
    for (const kind of order) {
      const parents = ids.get(kind === 'system' ? 'domain' : 'system') ?? [];
      const written: string[] = [];
      for (const [i, seed] of seeds.entries()) {
        if (seed.kind !== kind) continue;
        const parentId =
          seed.parent === null
            ? null
            : (parents[seed.parent % Math.max(1, parents.length)] ?? null);
        const [row] = await db
          .insert(catalogEntities)
          .values({
            kind,
            name: `${seed.name}-${i}`,
            title: seed.title,
            description: seed.description,
            type: seed.type,
            lifecycle: seed.lifecycle,
            ownerTeamId: seed.owner === null ? null : (teamId.get(seed.owner) ?? null),
            ownerPersonId: seed.owner === null ? null : (personId.get(seed.owner) ?? null),
            systemId: kind === 'api' || kind === 'resource' ? parentId : null,
            domainId: kind === 'system' ? parentId : null,
            definitionUrl: seed.definitionUrl,
            tags: seed.tags,
            labels: seed.labels,
            annotations: seed.annotations,
          })
          .returning({ id: catalogEntities.id });
        written.push(row?.id as string);
      }
      ids.set(kind, written);
    }
  }

  it('agrees on random filters for every kind, owner through parent teams included', async () => {
    const seed = Number(process.env.DSL_PROPERTY_SEED ?? 8);
    const catalogs = fc.sample(
      fc.tuple(teamTree, fc.array(entity, { minLength: 120, maxLength: 160 })),
      { numRuns: 2, seed },
    );
    for (const [tree, seeds] of catalogs) {
      for (const database of databases) await load(database.db, tree, seeds);
      const db = databases[0]?.db as Db;
      const records = await presentEntities(db, await db.select().from(catalogEntities));
      const context: OwnershipContext = { teamParents: await loadTeamParents(db) };
      for (const kind of ENTITY_KINDS) {
        await checkAgreement(
          {
            fields: entityFields[kind],
            records: records.filter((e) => e.kind === kind),
            context: [context],
            id: (e) => e.name,
            select: async (db, where) =>
              (
                await db
                  .select({ name: catalogEntities.name })
                  .from(catalogEntities)
                  .where(and(eq(catalogEntities.kind, kind), where))
              ).map((r) => r.name),
          },
          60,
          seed,
        );
      }
    }
  });
});

describe('the resource catalogue', () => {
  const TABLE = 'dsl_panoptes_resources';
  const fields = createResourceFields(TABLE);

  const resource = (i: number): fc.Arbitrary<PanoptesResource> =>
    fc.record({
      resource_id: fc.constant(`r${i}`),
      resource_site: optionalText,
      resource_class: optionalText,
      resource_subclass: optionalText,
      resource_type: optionalText,
      resource_endpoint: optionalText,
      resource_plugin: optionalText,
      // Panoptes' files hold the timestamp as a string; a non-numeric one is missing.
      resource_creation_timestamp: fc.option(
        fc.oneof(
          fc.constantFrom(0, 1, 10, 1.5, 1532023147.34),
          fc.constantFrom('1', '10', '1512629517.03121', 'soon'),
        ),
        { freq: 3 },
      ),
      resource_metadata: fc.option(
        fc.dictionary(fc.constantFrom(...KEYS), fc.option(text, { freq: 5 }), { maxKeys: 4 }),
        { freq: 5 },
      ),
    });

  beforeAll(async () => {
    for (const database of databases) {
      await database.db.execute(
        sql.raw(`CREATE TABLE ${TABLE} (
          resource_id text PRIMARY KEY, resource_site text, resource_class text,
          resource_subclass text, resource_type text, resource_endpoint text,
          resource_plugin text, resource_creation_timestamp double precision,
          resource_metadata jsonb)`),
      );
    }
  });

  it('agrees on random filters over random resources, metadata under quoted keys', async () => {
    const seed = Number(process.env.DSL_PROPERTY_SEED ?? 7);
    const records = fc.sample(fc.tuple(...Array.from({ length: 80 }, (_, i) => resource(i))), {
      numRuns: 1,
      seed,
    })[0] as PanoptesResource[];
    // The table holds what a database column can: a timestamp that is not a number is NULL.
    const stored = records.map((r) => {
      const stamp = r.resource_creation_timestamp;
      return { ...r, resource_creation_timestamp: stamp === 'soon' ? null : stamp };
    });
    for (const database of databases) {
      await database.db.execute(
        sql`INSERT INTO ${sql.identifier(TABLE)} SELECT * FROM jsonb_populate_recordset(NULL::${sql.identifier(TABLE)}, ${JSON.stringify(stored)}::jsonb)`,
      );
    }
    await checkAgreement(
      {
        fields,
        records,
        context: [],
        id: (r) => String(r.resource_id),
        select: async (db, where) =>
          (
            await queryRows<{ resource_id: string }>(
              db,
              sql`SELECT resource_id FROM ${sql.identifier(TABLE)} WHERE ${where}`,
            )
          ).map((r) => r.resource_id),
      },
      300,
      seed,
    );
  });
});

describe('computed component fields: level, level_rank and score (the requirements module)', () => {
  // Random requirement data per component: its versions (the latest counts), a status per
  // requirement of each, exemptions in every state around the clock, a set excluded now and then.
  const NOW = new Date('2026-06-01T00:00:00Z');
  const DAY = 86_400_000;
  const VERSIONS = ['1.0', '1.9', '1.10', '2.0.0-rc1', '2.0.0'];
  /** Requirements: [title, level, sets]; Critical applies to components tagged critical. */
  const REQUIREMENTS = [
    ['backups', 'Bronze', ['Core']],
    ['runbook', 'Silver', ['Core', 'Critical']],
    ['pen test', 'Silver', ['Critical']],
    ['chaos drill', 'Gold', ['Core']],
    ['docs', null, ['Core']],
  ] as const;
  // Weighted towards met, so that every level is reached by some component and missed by others.
  const owner = fc.constantFrom<(typeof OWNER_STATUSES)[number]>(
    'ready',
    'ready',
    'n/a',
    ...OWNER_STATUSES,
  );
  const reviewer = fc.constantFrom<(typeof REVIEWER_STATUSES)[number]>(
    'approved',
    'approved',
    'approved',
    ...REVIEWER_STATUSES,
  );
  const status = fc.option(fc.record({ owner, reviewer }), { freq: 6 });
  const version = fc.record({
    version: fc.constantFrom(...VERSIONS),
    statuses: fc.tuple(...REQUIREMENTS.map(() => status)),
    excludeCritical: fc.constantFrom(false, false, false, false, true),
  });
  const seedComponent = fc.record({
    type: fc.constantFrom('service', 'website', null),
    tags: fc.subarray(['critical', 'pci']),
    versions: fc.uniqueArray(version, { maxLength: 3, selector: (v) => v.version }),
    exemptions: fc.array(
      fc.record({
        requirement: fc.nat(REQUIREMENTS.length - 1),
        state: fc.constantFrom('requested', 'approved', 'denied', 'revoked' as const),
        days: fc.integer({ min: -3, max: 3 }),
      }),
      { maxLength: 2 },
    ),
  });
  type Seed = typeof seedComponent extends fc.Arbitrary<infer T> ? T : never;

  async function load(db: Db, seeds: Seed[]) {
    await db.delete(components);
    await db.delete(requirements);
    await db.delete(requirementSets);
    const levelId = new Map(
      (await db.select().from(requirementLevels)).map((l) => [l.name, l.id] as const),
    );
    const setIds = new Map<string, string>();
    for (const [position, name] of ['Core', 'Critical'].entries()) {
      const [row] = await db
        .insert(requirementSets)
        .values({ name, position, applicability: name === 'Critical' ? 'tags = "critical"' : null })
        .returning();
      setIds.set(name, row!.id);
    }
    const requirementIds: string[] = [];
    for (const [title, level, sets] of REQUIREMENTS) {
      const [row] = await db
        .insert(requirements)
        .values({ title, levelId: level === null ? null : levelId.get(level)! })
        .returning();
      requirementIds.push(row!.id);
      await db
        .insert(requirementSetMembers)
        .values(sets.map((set) => ({ setId: setIds.get(set)!, requirementId: row!.id })));
    }
    for (const [i, seed] of seeds.entries()) {
      const [component] = await db
        .insert(components)
        .values({
          namespace: 'default',
          name: `c-${i}`,
          title: `C ${i}`,
          type: seed.type,
          tags: seed.tags,
        })
        .returning();
      for (const v of seed.versions) {
        const [row] = await db
          .insert(componentVersions)
          .values({ componentId: component!.id, version: v.version })
          .returning();
        const statuses = v.statuses.flatMap((s, r) =>
          s
            ? [
                {
                  versionId: row!.id,
                  requirementId: requirementIds[r]!,
                  ownerStatus: s.owner,
                  reviewerStatus: s.reviewer,
                },
              ]
            : [],
        );
        if (statuses.length) await db.insert(requirementStatuses).values(statuses);
        if (v.excludeCritical)
          await db
            .insert(requirementSetExclusions)
            .values({ versionId: row!.id, setId: setIds.get('Critical')!, reason: 'test' });
      }
      for (const e of seed.exemptions)
        await db.insert(requirementExemptions).values({
          componentId: component!.id,
          requirementId: requirementIds[e.requirement]!,
          state: e.state,
          reason: 'test',
          expiresAt: new Date(NOW.getTime() + e.days * DAY),
        });
    }
  }

  it('agrees on random filters over random requirement data, by the latest version', async () => {
    const seed = Number(process.env.DSL_PROPERTY_SEED ?? 8);
    const seeds = fc.sample(seedComponent, { numRuns: 60, seed });
    for (const database of databases) {
      await load(database.db, seeds);
      // The fields as the composition root registers them, over this database's snapshot.
      const computed = await new RequirementFilterFields(database.db, () => NOW).load();
      const fields = { ...computed, type: componentFields.type!, tags: componentFields.tags! };
      const records = await presentComponents(
        database.db,
        await database.db.select().from(components),
      );
      // Every level is held by some component and missed by others, or the test proves little.
      const levels = new Set(
        records.map((c) => computed.level!.get(c, undefined, { teamParents: new Map() })),
      );
      expect([...levels].sort(), database.engine).toEqual(['Bronze', 'Gold', 'Silver', undefined]);
      await checkAgreement(
        {
          fields,
          engines: [database],
          // Two of the five fields are numbers, which most text literals never match.
          minProper: 0.3,
          vocabulary: {
            // Numeric texts too: a quoted number compares numerically with a number field.
            texts: [
              'Bronze',
              'Silver',
              'Gold',
              'gold',
              'critical',
              'website',
              '0',
              '1',
              '2',
              '20',
              '50',
              '80',
            ],
            keys: ['k'],
            numbers: ['0', '1', '2', '20', '40', '50', '60', '66.5', '80', '100'],
          },
          records,
          context: [{ teamParents: new Map() }],
          id: (c) => c.name,
          select: async (db, where) =>
            (await db.select({ name: components.name }).from(components).where(where)).map(
              (r) => r.name,
            ),
        },
        150,
        seed,
      );
    }
  });
});

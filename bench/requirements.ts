/**
 * npm run bench:requirements — requirements and sign-off at 10,000 components x 26 requirements
 * on embedded PGlite, over HTTP. Prints p50/p95 latency and throughput of a raw Fastify route in
 * the same process (the ceiling), a set's dashboard (one page of 50 rows: plain, with per-column
 * status filters, with a DSL filter too, a later page), a team's scorecard (a team with sub-teams,
 * and a small one) and a version's status view. Every answer is computed on read (no read cache),
 * so each request costs what the first one after a write does. Target: p95 below 100 ms.
 * BENCH_COMPONENTS changes the size, BENCH_REQUESTS the requests per case, BENCH_ENGINE=postgres
 * measures the local PostgreSQL instead.
 */

import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.js';
import { openBenchDatabase, serveBench } from './lib/app.js';
import { measureAndPrint as measure, printTable } from './lib/load.js';

const N = Number(process.env.BENCH_COMPONENTS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const bench = await openBenchDatabase();
const { db } = bench.database;

/** Panopticum's four sets, 26 requirements in all, as the demo fixtures hold them. */
const SETS = [
  { name: 'Architecture', size: 6, applicability: null },
  { name: 'Security & Compliance', size: 7, applicability: 'tags IN ("tier-0", "tier-1")' },
  { name: 'Operational', size: 8, applicability: null },
  { name: 'Maintenance', size: 5, applicability: 'lifecycle != "deprecated"' },
];

const REQUIREMENTS = SETS.reduce((n, s) => n + s.size, 0);
console.log(
  `generating ${N} components, their versions and ${REQUIREMENTS} requirements' statuses...`,
);
const t0 = performance.now();
// 20 areas, each with 10 teams below it: an area's scorecard covers 500 components at 10,000.
await db.execute(
  sql`INSERT INTO teams (name, title) SELECT 'area-' || i, 'Area ' || i FROM generate_series(1, 20) i`,
);
await db.execute(sql`
  INSERT INTO teams (name, title, parent_id)
  SELECT 'team-' || i, 'Team ' || i, (SELECT id FROM teams WHERE name = 'area-' || (1 + i % 20))
  FROM generate_series(1, 200) i`);
await db.execute(sql`
  INSERT INTO components (name, title, type, lifecycle, owner, owner_team_id, tags, description)
  SELECT 'svc-' || i, 'Service ' || i,
         (ARRAY['service','website','library','database'])[1 + i % 4],
         (ARRAY['experimental','new','mature','legacy','deprecated'])[1 + i % 5],
         'team-' || (1 + i % 200),
         (SELECT id FROM teams WHERE name = 'team-' || (1 + i % 200)),
         ARRAY['tier-' || (i % 3), 'tag-' || (i % 50)],
         CASE WHEN i % 2 = 0 THEN 'Generated component ' || i ELSE '' END
  FROM generate_series(1, ${N}) i`);
// Every component has a version; every fifth a newer one too (the dashboard shows the latest).
await db.execute(sql`
  INSERT INTO component_versions (component_id, version, languages, qa)
  SELECT id, '1.' || (hashtext(name) & 15), ARRAY['Go'],
         jsonb_build_object('unit', jsonb_build_object('rating', 'med', 'notes', ''))
  FROM components`);
await db.execute(sql`
  INSERT INTO component_versions (component_id, version)
  SELECT id, '2.0.' || (hashtext(name) & 7) FROM components WHERE substr(name, 5)::int % 5 = 0`);
for (const [position, set] of SETS.entries()) {
  await db.execute(sql`INSERT INTO teams (name) VALUES (${`reviewers-${position}`})`);
  await db.execute(sql`
    INSERT INTO requirement_sets (name, position, applicability) VALUES (${set.name}, ${position}, ${set.applicability})`);
  await db.execute(sql`
    INSERT INTO requirement_set_reviewers (set_id, team_id)
    SELECT s.id, t.id FROM requirement_sets s, teams t
    WHERE s.name = ${set.name} AND t.name = ${`reviewers-${position}`}`);
  await db.execute(sql`
    INSERT INTO requirements (title, level_id)
    SELECT ${set.name} || ' requirement ' || k,
           (SELECT id FROM requirement_levels ORDER BY position OFFSET (k % 3) LIMIT 1)
    FROM generate_series(1, ${set.size}) k`);
  await db.execute(sql`
    INSERT INTO requirement_set_members (set_id, requirement_id, position)
    SELECT s.id, r.id, row_number() OVER (ORDER BY r.title)
    FROM requirement_sets s, requirements r
    WHERE s.name = ${set.name} AND r.title LIKE ${`${set.name} requirement %`}`);
}
// Both sides of every (version, requirement), spread over every status.
await db.execute(sql`
  INSERT INTO requirement_statuses (version_id, requirement_id, owner_status, reviewer_status, owner_set_at)
  SELECT v.id, r.id,
         (ARRAY['unknown','not_ready','ready','n/a']::requirement_owner_status[])[1 + (hashtext(v.id::text || r.id::text) & 3)],
         (ARRAY['unknown','rejected','approved','approved']::requirement_reviewer_status[])[1 + ((hashtext(r.id::text || v.id::text) >> 4) & 3)],
         now() - (hashtext(v.id::text) & 1023) * interval '1 hour'
  FROM component_versions v CROSS JOIN requirements r`);
await db.execute(sql`
  INSERT INTO requirement_exemptions (component_id, requirement_id, state, reason, expires_at)
  SELECT c.id, r.id, 'approved', 'bench', now() + interval '30 days'
  FROM components c CROSS JOIN (SELECT id FROM requirements ORDER BY title LIMIT 2) r
  WHERE substr(c.name, 5)::int % 7 = 0`);
await db.execute(sql`
  INSERT INTO requirement_set_exclusions (version_id, set_id, reason)
  SELECT v.id, s.id, 'bench' FROM component_versions v, requirement_sets s
  WHERE s.name = 'Maintenance' AND hashtext(v.id::text) % 11 = 0`);
await db.execute(sql`ANALYZE`);
const [counts] = await queryRows<{ versions: number; statuses: number }>(
  db,
  sql`SELECT (SELECT count(*)::int FROM component_versions) AS versions,
             (SELECT count(*)::int FROM requirement_statuses) AS statuses`,
);
console.log(
  `generated ${counts!.versions} versions and ${counts!.statuses} statuses in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const servers = await serveBench(bench.database);
const { base, rawBase, headers } = servers;

const columns = await queryRows<{ id: string }>(
  db,
  sql`SELECT m.requirement_id AS id FROM requirement_set_members m JOIN requirement_sets s ON s.id = m.set_id
      WHERE s.name = 'Operational' ORDER BY m.position`,
);
const dashboard = `${base}/api/requirement-sets/Operational/dashboard`;
const OWNER = ['ready', 'not_ready', 'n/a', 'unknown'];
const REVIEWER = ['approved', 'rejected', 'unknown'];
let i = 0;
/** Two column filters, different on every request. */
const columnFilters = () => {
  const k = i++;
  const a = columns[k % columns.length]!.id;
  const b = columns[(k + 3) % columns.length]!.id;
  return encodeURIComponent(
    `${a}:owner=${OWNER[k % 4]}|${OWNER[(k + 1) % 4]},${b}:reviewer=${REVIEWER[k % 3]}`,
  );
};
const dslFilter = () => encodeURIComponent(`tags = "tag-${i++ % 50}" AND lifecycle != "legacy"`);
const firstPage = await (await fetch(`${dashboard}?limit=50`, { headers })).json();
const versions = new Map(
  (
    await queryRows<{ name: string; version: string }>(
      db,
      sql`SELECT c.name, v.version FROM components c JOIN component_versions v ON v.component_id = c.id
          WHERE v.version LIKE '1.%'`,
    )
  ).map((r) => [r.name, r.version.slice(2)]),
);
const hash = (name: string) => versions.get(name) ?? '0';
const someVersion = () => {
  const n = 1 + ((i++ * 7919) % N);
  return `${base}/api/components/default/svc-${n}/versions/${encodeURIComponent(`1.${hash(`svc-${n}`)}`)}/requirements`;
};

// The component filter's computed fields: the first filter after a write assesses every
// component (timed here once); later ones reuse that snapshot until the next write.
const levelFilter = `${base}/api/components?limit=50&filter=${encodeURIComponent('level_rank >= 2 AND score >= 50')}`;
const firstLevel = performance.now();
await fetch(levelFilter, { headers });
console.log(
  `  first level filter after a write: ${(performance.now() - firstLevel).toFixed(0)} ms`,
);

const opts = { requests: REQUESTS, concurrency: 8, headers };
for (const url of [`${rawBase}/raw`, `${dashboard}?limit=50`, `${base}/api/teams/area-1/scorecard`])
  await fetch(url, { headers });

const ceiling = await measure('raw Fastify route (ceiling)', `${rawBase}/raw`, opts);
const results = [
  ceiling,
  await measure('dashboard, first page of 50', `${dashboard}?limit=50`, opts),
  await measure(
    'dashboard, a later page (cursor)',
    `${dashboard}?limit=50&cursor=${firstPage.nextCursor}`,
    opts,
  ),
  await measure(
    'dashboard, 2 column filters',
    () => `${dashboard}?limit=50&where=${columnFilters()}`,
    opts,
  ),
  await measure(
    'dashboard, 2 column filters + DSL',
    () => `${dashboard}?limit=50&where=${columnFilters()}&filter=${dslFilter()}`,
    opts,
  ),
  await measure(
    'scorecard, area (10 sub-teams), 100 rows',
    () => `${base}/api/teams/area-${1 + (i++ % 20)}/scorecard`,
    opts,
  ),
  await measure(
    'scorecard, one team',
    () => `${base}/api/teams/team-${1 + (i++ % 200)}/scorecard`,
    opts,
  ),
  await measure("a version's status view", someVersion, opts),
  await measure('components, filter on level_rank and score', levelFilter, opts),
];
console.log(
  `\n${N} components x ${REQUIREMENTS} requirements, ${bench.engineName}, ${opts.requests} requests per case\n`,
);
printTable(results, ceiling, opts.concurrency);
await servers.close();
await bench.close();

/**
 * npm run bench:catalog — the catalog at 100,000 components on embedded PGlite, over HTTP.
 * Prints p50/p95 latency and throughput of: a raw Fastify route in the same process (the
 * ceiling), the list with a DSL filter, facet queries (from the facet index, next to the plain
 * GROUP BY they replace, whose answers they must equal), a component page and the graph around
 * one component; and the facet index's load time and memory. Set BENCH_COMPONENTS to change
 * the size, BENCH_ENGINE=postgres to measure the local PostgreSQL instead.
 */

import { isDeepStrictEqual } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import { listComponents } from '../src/catalog/list.js';
import { parseFilter } from '../src/dsl/index.js';
import { currentGeneration } from '../src/platform/generation.js';
import { openBenchDatabase, serveBench } from './lib/app.js';
import { measureAndPrint as measure, printTable } from './lib/load.js';

const N = Number(process.env.BENCH_COMPONENTS ?? 100_000);
const bench = await openBenchDatabase();
const { db } = bench.database;

console.log(`generating ${N} components with versions, owners, tags and 3 dependencies each...`);
const t0 = performance.now();
await db.execute(
  sql`INSERT INTO teams (name, title) SELECT 'team-' || i, 'Team ' || i FROM generate_series(1, 200) i`,
);
for (const [list, names] of Object.entries({
  categories: ['Backend', 'Frontend', 'Data', 'Infrastructure', 'Security', 'Tooling'],
  component_types: ['service', 'website', 'library', 'database', 'queue'],
  languages: ['Go', 'Java', 'Python', 'TypeScript', 'Rust', 'C++'],
})) {
  for (const name of names)
    await db.execute(sql`INSERT INTO reference_items (list, name) VALUES (${list}, ${name})`);
}
await db.execute(sql`
  INSERT INTO components (name, title, description, type, lifecycle, category, owner, owner_team_id, tags, languages)
  SELECT 'svc-' || i,
         'Service ' || i,
         'Generated component number ' || i || ' of the benchmark catalog',
         (ARRAY['service','website','library','database','queue'])[1 + i % 5],
         (ARRAY['experimental','new','mature','legacy','deprecated'])[1 + i % 5],
         (ARRAY['Backend','Frontend','Data','Infrastructure','Security','Tooling'])[1 + i % 6],
         'team-' || (1 + i % 200),
         (SELECT id FROM teams WHERE name = 'team-' || (1 + i % 200)),
         ARRAY['tag-' || (i % 50), 'tier-' || (i % 3)],
         ARRAY[(ARRAY['Go','Java','Python','TypeScript','Rust','C++'])[1 + i % 6]]
  FROM generate_series(1, ${N}) i`);
await db.execute(sql`
  INSERT INTO component_versions (component_id, version, languages)
  SELECT id, '1.' || (hashtext(name) & 15), languages FROM components`);
// A DAG: svc-i depends on three components with higher numbers.
await db.execute(sql`
  INSERT INTO dependencies (from_component_id, to_component_id, type)
  SELECT c.id, d.id, 'strong_rw'
  FROM components c
  CROSS JOIN generate_series(1, 3) k
  JOIN components d ON d.name = 'svc-' || (substr(c.name, 5)::int + k * 7)
  WHERE substr(c.name, 5)::int + 21 <= ${N}`);
await db.execute(sql`ANALYZE`);
console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// The baseline the facet index replaces: the same list, counted by GROUP BY in the database
// (no index, no read cache, no authentication), beside the ceiling.
const servers = await serveBench(bench.database, (raw) =>
  raw.get<{ Querystring: { filter?: string; facets?: string } }>('/groupby', async (request) =>
    listComponents(db, { limit: 1, filter: request.query.filter, facets: request.query.facets }),
  ),
);
const { base, rawBase, headers, catalog } = servers;

// The facet index loads on the first list that counts; load it now, measuring time and memory.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapNow = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const heapBefore = heapNow();
const loadStart = performance.now();
await catalog.facetIndex.settled();
const loadSeconds = (performance.now() - loadStart) / 1000;
const heapGrowth = heapNow() - heapBefore;
const index = catalog.facetIndex.stats();
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
console.log(
  `facet index: ${index.components} components loaded in ${loadSeconds.toFixed(2)} s; columns ${mb(index.bytes)} MB (estimated), heap + array buffers grew ${mb(heapGrowth)} MB`,
);
const opts = { requests: Number(process.env.BENCH_REQUESTS ?? 400), concurrency: 8, headers };
const coldOpts = { ...opts, requests: Math.min(opts.requests, 100) };
const filter = encodeURIComponent('lifecycle = "mature" AND tags = "tag-7" AND name LIKE "svc-1%"');
let i = 0;
const someComponent = () => `${base}/api/components/default/svc-${1 + ((i++ * 7919) % (N - 100))}`;

// Warm up caches and JIT once per case before measuring.
for (const url of [
  `${rawBase}/raw`,
  `${base}/api/components?filter=${filter}&limit=50`,
  `${base}/api/components?limit=1&facets=category,type,lifecycle,owner,tags,languages`,
]) {
  await fetch(url, { headers });
}
// Facet answers from the index must equal the GROUP BY's, for filters of every kind.
const SIX = ['category', 'type', 'lifecycle', 'owner', 'tags', 'languages'];
const checkFilters = [
  undefined,
  'category = "Data"',
  'lifecycle IN ("mature", "new") AND tags = "tag-7"',
  'name LIKE "svc-1%" OR languages = "Rust"',
  'owner = "team-17" OR NOT (tags = "tier-1")',
  'name != "svc-5" AND type != "library"',
];
let equal = 0;
for (const f of checkFilters) {
  const q = `facets=${SIX.join(',')}${f ? `&filter=${encodeURIComponent(f)}` : ''}`;
  const fromIndex = await (await fetch(`${base}/api/components?limit=1&${q}`, { headers })).json();
  const fromDb = await (await fetch(`${rawBase}/groupby?${q}`)).json();
  const same =
    isDeepStrictEqual(fromIndex.facets, fromDb.facets) && fromIndex.total === fromDb.total;
  if (same) equal++;
  else console.error(`facet answers differ for ${f ?? '(no filter)'}`);
}
console.log(`facet answers equal to GROUP BY: ${equal} of ${checkFilters.length} filters`);
if (equal !== checkFilters.length) process.exitCode = 1;

// The index's own share of an uncached facet request: counting in memory, no HTTP, no SQL.
const generation = await currentGeneration(db);
for (const [label, filterOf] of [
  ['no filter', () => undefined],
  ['DSL filter', (k: number) => parseFilter(`name != "svc-${k}"`)],
] as const) {
  const times: number[] = [];
  for (let k = 0; k < 200; k++) {
    const expr = filterOf(k);
    const started = performance.now();
    if (!catalog.facetIndex.answer(generation, expr, SIX)) throw new Error('index did not answer');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `facet index alone, 6 facets, ${label}: p50 ${times[100]!.toFixed(2)} ms, p95 ${times[190]!.toFixed(2)} ms`,
  );
}

// Uncached without a filter: the facet order is part of the read cache's key, so each request
// asks for the same six facets in an order not asked before.
const permutation = (n: number): string[] => {
  const pool = [...SIX];
  const order: string[] = [];
  for (let k = pool.length; k > 0; k--) {
    order.push(pool.splice(n % k, 1)[0]!);
    n = Math.floor(n / k);
  }
  return order;
};
let p = 0;
const sixNoFilter = () => `limit=1&facets=${permutation(p++ % 720).join(',')}`;
const sixFiltered = () =>
  `limit=1&facets=${SIX.join(',')}&filter=${encodeURIComponent(`name != "svc-${i++}"`)}`;

const ceiling = await measure('raw Fastify route (ceiling)', `${rawBase}/raw`, opts);
const results = [
  ceiling,
  await measure(
    'list, DSL filter, 50 rows + total',
    `${base}/api/components?filter=${filter}&limit=50`,
    opts,
  ),
  await measure('list, first page, no filter', `${base}/api/components?limit=50`, opts),
  await measure(
    'facets (6 fields) over all',
    `${base}/api/components?limit=1&facets=category,type,lifecycle,owner,tags,languages`,
    opts,
  ),
  await measure(
    'facets with a DSL filter',
    `${base}/api/components?limit=1&facets=owner,tags&filter=${encodeURIComponent('category = "Data"')}`,
    opts,
  ),
  // Every request below asks something new, so it misses the per-generation read cache: the
  // cost of the first person to open a view after a write.
  await measure(
    'list, DSL filter, uncached',
    () =>
      `${base}/api/components?limit=50&filter=${encodeURIComponent(`lifecycle = "mature" AND tags = "tag-${(i % 10) * 5 + 2}" AND name LIKE "svc-${10 + (i++ % 89)}%"`)}`,
    coldOpts,
  ),
  await measure(
    'facets (6 fields), uncached',
    () => `${base}/api/components?${sixNoFilter()}`,
    coldOpts,
  ),
  await measure(
    '  same by GROUP BY (baseline)',
    () => `${rawBase}/groupby?${sixNoFilter()}`,
    coldOpts,
  ),
  await measure(
    'facets (6 fields) + DSL filter, uncached',
    () => `${base}/api/components?${sixFiltered()}`,
    coldOpts,
  ),
  await measure(
    '  same by GROUP BY (baseline)',
    () => `${rawBase}/groupby?${sixFiltered()}`,
    coldOpts,
  ),
  await measure('full-text search', `${base}/api/components?q=service+123&limit=20`, opts),
  await measure('component page payload', someComponent, opts),
  await measure(
    'graph around one component, depth 2',
    () => `${base}/api/graph?root=svc-${1 + ((i++ * 7919) % (N - 100))}&depth=2`,
    opts,
  ),
];
console.log(
  `\n${N} components, ${bench.engineName}, ${opts.requests} requests per case (uncached: ${coldOpts.requests})\n`,
);
printTable(results, ceiling, opts.concurrency);
console.log(
  '\nCached cases repeat one query, so after the first request they answer from the read cache',
);
console.log('of the current data generation; "uncached" cases change the query on every request.');
await servers.close();
await bench.close();

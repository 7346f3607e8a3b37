/**
 * npm run bench:catalog — the catalog at 100,000 components on embedded PGlite, over HTTP.
 * Prints p50/p95 latency and throughput of: a raw Fastify route in the same process (the
 * ceiling), the list with a DSL filter, a facet query, a component page and the graph around
 * one component. Set BENCH_COMPONENTS to change the size, BENCH_ENGINE=postgres to measure the
 * local PostgreSQL instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { issueApiToken } from '../src/platform/auth/service.js';
import { loadConfig } from '../src/platform/config.js';
import { systemContext } from '../src/platform/context.js';
import { openDatabase } from '../src/platform/db.js';
import { buildApp } from '../src/server/app.js';
import { openTestDatabase } from '../test/helpers/database.js';
import { measure, printTable } from './lib/load.js';

const N = Number(process.env.BENCH_COMPONENTS ?? 100_000);
// BENCH_ENGINE=postgres measures a temporary database on the local PostgreSQL (as the
// integration-pg tests use, ARGUS_TEST_POSTGRES_URL) instead of the embedded engine.
const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const dir = mkdtempSync(join(tmpdir(), 'argus-bench-'));
const database =
  engine === 'postgres'
    ? await openTestDatabase('postgres')
    : await openDatabase({
        dataDir: dir,
        // ARGUS_EMBEDDED_SHARED_BUFFERS_MB, as the server reads it.
        sharedBuffersMb: loadConfig({}, process.env, '/nonexistent').embeddedSharedBuffersMb,
      });
await database.migrate();
const { db } = database;

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

const config = loadConfig({ logLevel: 'silent', port: 0 }, {}, '/nonexistent');
const { app, catalog } = await buildApp({ config, database, logger: false });
// The ceiling: a bare Fastify server in the same process, no auth, no database.
const raw = Fastify();
raw.get('/raw', async () => ({ items: [], total: 0 }));
const rawBase = await raw.listen({ port: 0, host: '127.0.0.1' });
const admin = await catalog.createPerson(systemContext(), { username: 'bench', role: 'admin' });
const { token } = await issueApiToken(db, admin.id, 'bench', null);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { authorization: `Bearer ${token}` };
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
    () =>
      `${base}/api/components?limit=1&facets=category,type,lifecycle,owner,tags,languages&filter=${encodeURIComponent(`name != "svc-${i++}"`)}`,
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
  `\n${N} components, ${engine === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'}, ${opts.requests} requests per case (uncached: ${coldOpts.requests})\n`,
);
printTable(results, ceiling, opts.concurrency);
console.log(
  '\nCached cases repeat one query, so after the first request they answer from the read cache',
);
console.log('of the current data generation; "uncached" cases change the query on every request.');
await app.close();
await raw.close();
await database.close();
rmSync(dir, { recursive: true, force: true });

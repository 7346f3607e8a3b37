import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

// Prometheus's own checker (Debian package prometheus); vitest.config.ts reports it missing, and
// under ARGUS_REQUIRE_SERVICES=1 its absence fails the test instead of skipping it.
const promtool = process.env.ARGUS_PROMTOOL ?? '/usr/bin/promtool';
const promtoolRequired = process.env.ARGUS_REQUIRE_SERVICES === '1';

describe('/metrics', () => {
  let t: TestApp;
  let operator: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ publicRead: true });
    operator = await t.user('operator');
    await t.catalog.createComponent(t.system, {
      namespace: 'default',
      name: 'billing',
      title: 'Billing',
    });
  });
  afterAll(() => t.close());

  async function scrape(): Promise<string> {
    const res = await t.request(operator, { method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  }

  it('shows process memory, event-loop lag and the database to an API token', async () => {
    const body = await scrape();
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(body).toMatch(new RegExp(`^${name} \\d`, 'm'));
    if (t.database.engine === 'pglite')
      expect(body).toMatch(/^argus_pglite_wasm_memory_bytes [1-9]\d{6,}/m);
    else {
      expect(body).toMatch(/^argus_db_pool_connections\{state="idle"\} \d/m);
      expect(body).toMatch(/^argus_db_pool_waiting_queries 0$/m);
    }
  });

  it('labels request latency by the matched route, never by the URL', async () => {
    for (const name of ['billing', 'billing', 'no-such-component'])
      await t.request(operator, { method: 'GET', url: `/api/components/default/${name}` });
    await t.request(operator, { method: 'GET', url: '/api/no-such-route-7f3a' });
    const body = await scrape();
    expect(body).toContain(
      'argus_http_request_duration_seconds_count{method="GET",route="/api/components/:namespace/:name",status_class="2xx"} 2',
    );
    expect(body).toContain(
      'argus_http_request_duration_seconds_count{method="GET",route="/api/components/:namespace/:name",status_class="4xx"} 1',
    );
    expect(body).toMatch(/route="unmatched",status_class="4xx"\} [1-9]/);
    expect(body).not.toContain('billing');
    expect(body).not.toContain('no-such-route-7f3a');
  });

  it('is not for anonymous readers, even on a public-read instance', async () => {
    const res = await t.request(null, { method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('ARGUS_AUTH_REQUIRED');
  });

  it('is open to a scraper when ARGUS_METRICS_PUBLIC is set', async () => {
    const open = await startTestApp({ metricsPublic: true });
    try {
      const res = await open.request(null, { method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('process_resident_memory_bytes');
    } finally {
      await open.close();
    }
  });

  it.skipIf(!existsSync(promtool) && !promtoolRequired)(
    'passes promtool check metrics',
    async () => {
      expect(existsSync(promtool), `${promtool} (Debian package prometheus) is missing`).toBe(true);
      await t.request(operator, { method: 'GET', url: '/api/components' });
      const checked = spawnSync(promtool, ['check', 'metrics'], {
        input: await scrape(),
        encoding: 'utf8',
      });
      expect(checked.stdout + checked.stderr).toBe('');
      expect(checked.status).toBe(0);
    },
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryService } from '../../src/inventory/service.js';
import { loadConfig } from '../../src/platform/config.js';
import type { MetricGroup } from '../../src/telemetry/metric-group.js';
import { createMetricPipeline, type MetricPipeline } from '../../src/telemetry/pipeline-runtime.js';
import type { LatestResult, RangeResult, SeriesList } from '../../src/telemetry/query/contract.js';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { runArgus } from '../helpers/cli.js';

const quiet = { info() {}, warn() {}, error() {} };
const HOUR = 3600;

describe('the metric query API', () => {
  let t: TestApp;
  let reader: TestUser;
  let pipeline: MetricPipeline;
  const ids: Record<string, string> = {};
  // Whole hours, two hours back: samples every 10 s for 2 hours on 2 interfaces of 2 switches.
  const t0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 3 * HOUR;

  beforeAll(async () => {
    t = await startTestApp();
    reader = await t.user('reader');
    const inventory = new InventoryService(t.database.db, t.bus);
    for (const [name, site] of [
      ['sw1', 'dc1'],
      ['sw2', 'dc2'],
    ] as const) {
      ids[name] = await inventory.createResource(t.system, {
        resource_id: name,
        resource_site: site,
        resource_class: 'network',
        resource_subclass: 'switch',
        resource_type: 'cisco',
        resource_endpoint: `${name}.example`,
        resource_metadata: {},
      });
    }
    const config = loadConfig({}, {}, '/nonexistent');
    pipeline = createMetricPipeline({ db: t.database.db, config, log: quiet, retentionEveryMs: 0 });
    const groups: MetricGroup[] = [];
    for (const name of ['sw1', 'sw2']) {
      for (const iface of ['eth0', 'eth1']) {
        for (let i = 0; i < 720; i++) {
          const at = t0 + i * 10;
          groups.push({
            resource: {
              id: ids[name]!,
              resource_id: name,
              resource_site: name === 'sw1' ? 'dc1' : 'dc2',
              resource_class: 'network',
              resource_subclass: 'switch',
              resource_type: 'cisco',
              resource_endpoint: `${name}.example`,
            },
            metrics_group_type: 'interface',
            metrics_group_interval: 10,
            metrics_group_creation_timestamp: at,
            metrics_group_schema_version: '0.2',
            dimensions: [{ dimension_name: 'interface_name', dimension_value: iface }],
            // i itself: each hour's average is known (179.5 in the first, 539.5 in the second).
            metrics: [
              {
                metric_name: 'oper_state',
                metric_value: i,
                metric_type: 'gauge',
                metric_creation_timestamp: at,
              },
            ],
          });
        }
      }
    }
    const result = await pipeline.submit(groups);
    expect(result.rejected).toEqual([]);
    for (let n = 0; n < 1000 && pipeline.stats().consumers[0]!.queued > 0; n++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  afterAll(async () => {
    await pipeline.close();
    await t.close();
  });

  const get = async (url: string) => t.request(reader, { method: 'GET', url });

  it('lists series by resource filter and dimension', async () => {
    const res = await get(
      '/api/metrics/series?filter=resource_site%20%3D%20%22dc1%22&dimension.interface_name=eth1',
    );
    expect(res.statusCode).toBe(200);
    const body = res.json() as SeriesList;
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({
      resource: { id: ids.sw1, resource_id: 'sw1', resource_site: 'dc1' },
      group_type: 'interface',
      metric: 'oper_state',
      dimensions: { interface_name: 'eth1' },
    });
  });

  it('answers each resolution with the same averages', async () => {
    const q = (start: number, step: number) =>
      get(
        `/api/metrics/query?filter=resource_id%20%3D%20%22sw2%22&metric=oper_state&dimension.interface_name=eth0&start=${start}&end=${t0 + 2 * HOUR}&step=${step}`,
      );
    // Raw, 10-s step: every sample.
    const raw = (await q(t0, 10)).json() as RangeResult;
    expect(raw.resolution).toBe('raw');
    expect(raw.series[0]!.points).toHaveLength(720);
    expect(raw.series[0]!.points[5]).toEqual([t0 + 50, 5]);
    // 1-minute rollups: 120 buckets, bounds min/max of the 6 samples in each.
    const minute = (await q(t0, 60)).json() as RangeResult;
    expect(minute.resolution).toBe('1m');
    expect(minute.series[0]!.points).toHaveLength(120);
    expect(minute.series[0]!.points[1]).toEqual([t0 + 60, 8.5]);
    expect(minute.series[0]!.bounds![1]).toEqual([6, 11]);
    // 1-hour rollups.
    const hour = (await q(t0, HOUR)).json() as RangeResult;
    expect(hour.resolution).toBe('1h');
    expect(hour.series[0]!.points).toEqual([
      [t0, 179.5],
      [t0 + HOUR, 539.5],
    ]);
    expect(hour.series[0]!.bounds).toEqual([
      [0, 359],
      [360, 719],
    ]);
    // A 15-minute step over raw-resolution data reads the 1m rollups, 4 points an hour.
    const quarter = (await q(t0, 900)).json() as RangeResult;
    expect(quarter).toMatchObject({ resolution: '1m', step: 900 });
    expect(quarter.series[0]!.points[0]).toEqual([t0, 44.5]);
  });

  it('gives the latest value of each series of a resource', async () => {
    const res = await get(`/api/metrics/latest?resource=${ids.sw1}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as LatestResult;
    expect(body.values.map((v) => [v.dimensions.interface_name, v.metric, v.value, v.at])).toEqual([
      ['eth0', 'oper_state', 719, t0 + 7190],
      ['eth1', 'oper_state', 719, t0 + 7190],
    ]);
  });

  it.each([
    ['filter=resource_site%20%3D', 'filter', /line 1, column/],
    ['filter=nonsense_field%20%3D%20%22x%22', 'filter', /nonsense_field/],
    ['filter=%20', 'filter', /empty/],
    [`start=${t0 + 100}&end=${t0}`, 'start', /before end/],
    ['start=yesterday', 'start', /not a time/],
    [`start=${t0 - 30 * 86400}&end=${t0}&step=60`, 'step', /at most 11000/],
    ['colour=red', 'colour', /dimension\.NAME=VALUE/],
    ['step=-5', 'step', /./],
  ])('answers bad input (%s) 400 naming %s', async (query, field, reason) => {
    const res = await get(`/api/metrics/query?${query}`);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { problems?: { field: string; reason: string }[]; detail?: string };
    const problem = body.problems?.find((p) => p.field === field || p.field.endsWith(field));
    expect(problem, JSON.stringify(body)).toBeDefined();
    expect(`${problem!.reason} ${body.detail ?? ''}`).toMatch(reason);
  });

  it('prints a range and latest values with argus metrics (table and JSON)', async () => {
    const env = { ARGUS_URL: await t.listen(), ARGUS_TOKEN: reader.token };
    const query = await runArgus(
      [
        'metrics',
        'query',
        '--filter',
        'resource_id = "sw1"',
        '--metric',
        'oper_state',
        '--dimension',
        'interface_name=eth0',
        '--since',
        '4h',
        '--step',
        '3600',
        '--json',
      ],
      env,
    );
    expect(query.stderr).toBe('');
    const body = JSON.parse(query.stdout) as RangeResult;
    expect(body.resolution).toBe('1h');
    expect(body.series[0]!.points).toContainEqual([t0, 179.5]);
    const latest = await runArgus(['metrics', 'latest', 'dc2/sw2'], env);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toMatch(/^GROUP\s+DIMENSIONS\s+METRIC\s+VALUE\s+AT$/m);
    expect(latest.stdout).toMatch(/^interface\s+interface_name=eth1\s+oper_state\s+719\s/m);
    const bad = await runArgus(['metrics', 'query', '--filter', 'resource_site ='], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^argus: 400: filter: .*line 1, column/);
    // Three runs of the real command, each compiling the sources through tsx.
  }, 180_000);

  it('refuses anonymous readers', async () => {
    const res = await t.request(null, {
      method: 'GET',
      url: `/api/metrics/latest?resource=${ids.sw1}`,
    });
    expect(res.statusCode).toBe(401);
  });
});

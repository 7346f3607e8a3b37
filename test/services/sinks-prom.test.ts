// The Prometheus side of Argus over HTTP: the read API (/api/prom/api/v1) against series the
// built-in store really holds, and /metrics/collected checked by Prometheus' own promtool.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../src/catalog/service.js';
import { resources } from '../../src/inventory/schema.js';
import { issueApiToken } from '../../src/platform/auth/service.js';
import { InProcessBus } from '../../src/platform/bus.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemContext } from '../../src/platform/context.js';
import type { Database } from '../../src/platform/db.js';
import { buildApp } from '../../src/server/app.js';
import type { MetricGroup } from '../../src/telemetry/metric-group.js';
import { createSinks, type Sinks } from '../../src/telemetry/sinks/index.js';
import { interfaceGroup } from '../../src/telemetry/sinks/test-groups.js';
import { StoreWriter } from '../../src/telemetry/store/writer.js';
import { openTestDatabase } from '../helpers/database.js';

const promtool = process.env.ARGUS_PROMTOOL ?? '/usr/bin/promtool';
const promtoolRequired = process.env.ARGUS_REQUIRE_SERVICES === '1';

/** Ten polls a minute apart of two interfaces, ending on a whole minute a little before now. */
const END = Math.floor(Date.now() / 60_000) * 60 - 120;
const START = END - 9 * 60;
const RESOURCE = '3f1c2b9e-7a44-4f0e-9d5e-2b7c1a0e4d11';

function polls(): MetricGroup[] {
  const out: MetricGroup[] = [];
  for (let at = START; at <= END; at += 60) {
    for (const name of ['Gi0/1', 'Gi0/2']) {
      out.push(
        interfaceGroup({
          at,
          interfaceName: name,
          bitsIn: (at - START) * (name === 'Gi0/1' ? 1 : 2),
          operState: name === 'Gi0/1' ? 1 : 2,
        }),
      );
    }
  }
  return out;
}

interface PromAnswer {
  status: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

describe('Prometheus-compatible read API and /metrics/collected', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>['app'];
  let sinks: Sinks;
  let auth: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase();
    const config = loadConfig({ logLevel: 'silent' }, {}, '/nonexistent/argus.yaml');
    sinks = createSinks(config);
    ({ app } = await buildApp({ config, database, bus: new InProcessBus(), logger: false, sinks }));
    await app.ready();
    const person = await new CatalogService(database.db, new InProcessBus()).createPerson(
      systemContext('test'),
      { username: 'grafana', name: 'Grafana', role: 'member' },
    );
    const { token } = await issueApiToken(database.db, person.id, 'grafana', null);
    auth = { authorization: `Bearer ${token}` };

    await database.db.insert(resources).values({
      id: RESOURCE,
      resourceId: 'switch-1.dc1',
      resourceSite: 'dc1',
      resourceClass: 'network',
      resourceSubclass: 'switch',
      resourceType: 'cisco',
      resourceEndpoint: '192.0.2.10',
      resourcePlugin: 'test',
      resourceCreationTimestamp: START,
    });
    await new StoreWriter(database.db).consume(polls());
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function prom(path: string, params: Record<string, string | string[]>, method = 'GET') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
    const res =
      method === 'GET'
        ? await app.inject({ method, url: `/api/prom/api/v1/${path}?${query}`, headers: auth })
        : await app.inject({
            method,
            url: `/api/prom/api/v1/${path}`,
            headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
            payload: query.toString(),
          });
    return { status: res.statusCode, body: res.json() as PromAnswer };
  }

  const labelsOf = (name: string) => ({
    __name__: name,
    alias: 'uplink, to core=a "b"',
    interface_name: 'Gi0/2',
    resource_id: 'switch-1.dc1',
    resource_site: 'dc1',
    resource_class: 'network',
    resource_subclass: 'switch',
    resource_type: 'cisco',
    resource_endpoint: '192.0.2.10',
  });

  it('answers an instant query with the newest sample of each series (GET and form POST)', async () => {
    for (const method of ['GET', 'POST']) {
      const { status, body } = await prom(
        'query',
        { query: 'interface_bytes_in_total{interface_name=~"Gi0/.*"}', time: String(END + 30) },
        method,
      );
      expect(status).toBe(200);
      expect(body.status).toBe('success');
      const data = body.data as {
        resultType: string;
        result: { metric: object; value: unknown }[];
      };
      expect(data.resultType).toBe('vector');
      expect(data.result).toHaveLength(2);
      expect(data.result).toContainEqual({
        metric: labelsOf('interface_bytes_in_total'),
        // Stored in bits, named in bytes: / 8.
        value: [END + 30, String(((END - START) * 2) / 8)],
      });
    }
  });

  it('finds nothing for an instant past the look-back (5 minutes)', async () => {
    const { body } = await prom('query', {
      query: 'interface_oper_state',
      time: String(END + 301),
    });
    expect((body.data as { result: unknown[] }).result).toEqual([]);
  });

  it('answers a range query with the value at each step, raw and from 1-minute rollups', async () => {
    const { body } = await prom('query_range', {
      query: 'interface_bytes_in_total{interface_name="Gi0/2",resource_site="dc1"}',
      start: String(START),
      end: String(END),
      step: '30',
    });
    const data = body.data as {
      resultType: string;
      result: { metric: object; values: [number, string][] }[];
    };
    expect(data.resultType).toBe('matrix');
    expect(data.result).toHaveLength(1);
    expect(data.result[0].metric).toEqual(labelsOf('interface_bytes_in_total'));
    // Every 30 s: a step between two polls takes the last one before it.
    const expected: [number, string][] = [];
    for (let t = START; t <= END; t += 30)
      expected.push([t, String(((t - START - ((t - START) % 60)) * 2) / 8)]);
    expect(data.result[0].values).toEqual(expected);

    const rollups = await prom('query_range', {
      query: 'interface_oper_state{interface_name="Gi0/1"}',
      start: new Date(START * 1000).toISOString(),
      end: new Date(END * 1000).toISOString(),
      step: '2m',
    });
    const values = (rollups.body.data as { result: { values: [number, string][] }[] }).result[0]
      .values;
    expect(values.map(([t]) => t)).toEqual([0, 1, 2, 3, 4].map((i) => START + i * 120));
    expect(values.every(([, v]) => v === '1')).toBe(true);
  });

  it('lists series, label names and label values', async () => {
    const series = await prom('series', {
      'match[]': ['interface_oper_state', '{interface_name="Gi0/1"}'],
    });
    const found = series.body.data as Record<string, string>[];
    expect(found.map((s) => `${s.__name__}/${s.interface_name}`).sort()).toEqual([
      'interface_bytes_in_total/Gi0/1',
      'interface_oper_state/Gi0/1',
      'interface_oper_state/Gi0/2',
    ]);
    const labels = await prom('labels', {});
    expect(labels.body.data).toEqual(Object.keys(labelsOf('x')).sort());
    const names = await app.inject({
      method: 'GET',
      url: '/api/prom/api/v1/label/__name__/values',
      headers: auth,
    });
    expect(names.json()).toEqual({
      status: 'success',
      data: ['interface_bytes_in_total', 'interface_oper_state'],
    });
    const sites = await app.inject({
      method: 'GET',
      url: `/api/prom/api/v1/label/interface_name/values?${new URLSearchParams({ 'match[]': 'interface_oper_state' })}`,
      headers: auth,
    });
    expect(sites.json()).toEqual({ status: 'success', data: ['Gi0/1', 'Gi0/2'] });
  });

  it.each([
    [
      'query',
      { query: 'rate(interface_bytes_in_total[5m])' },
      /only plain selectors.*function call/,
    ],
    ['query', { query: 'sum(interface_oper_state)' }, /only plain selectors.*aggregation/],
    ['query', { query: 'interface_oper_state{' }, /syntax error at column/],
    ['query', { query: '{interface_name=~".*"}' }, /matches every series/],
    ['query', {}, /invalid parameter "query"/],
    ['query', { query: 'up', time: 'yesterday' }, /invalid parameter "time"/],
    ['query_range', { query: 'up', start: '10', end: '5', step: '1' }, /must not be before start/],
    [
      'query_range',
      { query: 'up', start: '0', end: '100000', step: '1' },
      /maximum resolution of 11000/,
    ],
    ['query_range', { query: 'up', start: '0', end: '10', step: '0' }, /invalid parameter "step"/],
    ['series', {}, /match\[\]/],
  ] as const)('%s %j is bad_data', async (path, params, message) => {
    const { status, body } = await prom(path, params as Record<string, string>);
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(body.error).toMatch(message);
  });

  it('needs a login or token, like every /api route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/prom/api/v1/query?query=up' });
    expect(res.statusCode).toBe(401);
  });

  it.skipIf(!existsSync(promtool) && !promtoolRequired)(
    'serves the collected series at /metrics/collected, valid for promtool check metrics',
    async () => {
      await sinks.collected.consume(polls());
      const anonymous = await app.inject({ method: 'GET', url: '/metrics/collected' });
      expect(anonymous.statusCode).toBe(401);
      const res = await app.inject({ method: 'GET', url: '/metrics/collected', headers: auth });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('# TYPE interface_bytes_in_total counter');
      expect(res.body).toMatch(
        new RegExp(
          `interface_bytes_in_total\\{[^}]*interface_name="Gi0/2"[^}]*\\} ${((END - START) * 2) / 8}\\n`,
        ),
      );
      expect(existsSync(promtool), `${promtool} (Debian package prometheus) is missing`).toBe(true);
      const checked = spawnSync(promtool, ['check', 'metrics'], {
        input: res.body,
        encoding: 'utf8',
      });
      expect(`${checked.stdout}${checked.stderr}`.trim()).toBe('');
      expect(checked.status).toBe(0);
    },
  );
});

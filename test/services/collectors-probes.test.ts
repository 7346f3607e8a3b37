import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, testResource } from '../../src/telemetry/collectors/fixtures/context.js';
import { httpPolling } from '../../src/telemetry/collectors/http.js';
import { pingPolling } from '../../src/telemetry/collectors/ping.js';
import {
  type MetricGroup,
  metricGroup as metricGroupSchema,
} from '../../src/telemetry/metric-group.js';
import { PluginFailure, RunStatus } from '../../src/telemetry/plugin.js';
import { freePort } from '../helpers/sshd.js';

/**
 * `ping` with the system ping (iputils-ping) and `http` against local HTTP and HTTPS servers; the
 * HTTPS server's certificate is generated here by the openssl CLI, valid for 30 days.
 */
const run = promisify(execFile);

function metric(group: MetricGroup | undefined, name: string): number | undefined {
  return group?.metrics.find((m) => m.metric_name === name)?.metric_value;
}

async function failure(promise: Promise<unknown>): Promise<PluginFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginFailure);
  return error as PluginFailure;
}

describe('ping', () => {
  const ctx = (endpoint: string, ping: Record<string, unknown> = {}) =>
    testContext({
      module: 'ping',
      resource: testResource({ resource_endpoint: endpoint }),
      sections: { ping: { count: 3, interval: 0.2, timeout: 1, ...ping } },
    });

  it('measures loss and round trips to 127.0.0.1', async () => {
    const { groups } = await pingPolling.run(ctx('127.0.0.1'));
    expect(groups).toHaveLength(1);
    const g = metricGroupSchema.parse(groups[0]);
    expect(g.metrics_group_type).toBe('ping');
    expect(metric(g, 'packet_loss_percent')).toBe(0);
    expect(metric(g, 'packets_received')).toBe(3);
    expect(metric(g, 'rtt_min_ms')).toBeLessThanOrEqual(metric(g, 'rtt_avg_ms')!);
    expect(metric(g, 'rtt_avg_ms')).toBeLessThanOrEqual(metric(g, 'rtt_max_ms')!);
  });

  it('fails with status 7 when nothing answers (TEST-NET-2, never routed)', async () => {
    const error = await failure(pingPolling.run(ctx('198.51.100.7', { count: 2, timeout: 1 })));
    expect(error.status).toBe(RunStatus.pingFailure);
    expect(error.message).toMatch(/198\.51\.100\.7/);
  });

  it('fails with status 2 for a name that does not resolve', async () => {
    const error = await failure(pingPolling.run(ctx('no-such-host.invalid', { count: 1 })));
    expect(error.status).toBe(RunStatus.networkFailure);
  });
});

describe('http probe', () => {
  let dir: string;
  let http: Server;
  let https: Server;
  let httpPort: number;
  let httpsPort: number;
  let certFile: string;

  const handler: Parameters<typeof createHttpServer>[1] = (req, res) => {
    if (req.url === '/down') {
      res.writeHead(503).end('maintenance');
    } else if (req.url === '/moved') {
      res.writeHead(301, { location: '/' }).end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 3000).unref();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
  };

  const listen = (server: Server) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-http-probe-'));
    certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '30',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    http = createHttpServer(handler);
    https = createHttpsServer(
      { cert: await readFile(certFile), key: await readFile(keyFile) },
      handler,
    );
    httpPort = await listen(http);
    httpsPort = await listen(https);
  });

  afterAll(async () => {
    http?.closeAllConnections();
    https?.closeAllConnections();
    await Promise.all([http, https].map((s) => new Promise((r) => s?.close(r))));
    await rm(dir, { recursive: true, force: true });
  });

  const ctx = (settings: Record<string, unknown>) =>
    testContext({
      module: 'http',
      resource: testResource({ resource_endpoint: '127.0.0.1' }),
      sections: { http: settings },
    });

  it('measures the status code and latency of an http URL built from the endpoint', async () => {
    const { groups, partial } = await httpPolling.run(
      ctx({ url: `http://{endpoint}:${httpPort}/` }),
    );
    expect(partial).toBeUndefined();
    const g = metricGroupSchema.parse(groups[0]);
    expect(g.dimensions).toEqual([
      { dimension_name: 'url', dimension_value: `http://127.0.0.1:${httpPort}/` },
    ]);
    expect(metric(g, 'status_code')).toBe(200);
    expect(metric(g, 'latency_ms')).toBeGreaterThan(0);
    expect(metric(g, 'duration_ms')).toBeGreaterThanOrEqual(metric(g, 'latency_ms')!);
    expect(metric(g, 'cert_days_left')).toBeUndefined();
  });

  it('counts a redirect as an answer, and a 503 as partial with its figures kept', async () => {
    const moved = await httpPolling.run(ctx({ url: `http://127.0.0.1:${httpPort}/moved` }));
    expect(moved.partial).toBeUndefined();
    expect(metric(moved.groups[0], 'status_code')).toBe(301);

    const down = await httpPolling.run(ctx({ url: `http://127.0.0.1:${httpPort}/down` }));
    expect(down.partial).toMatch(/answered 503/);
    expect(metric(down.groups[0], 'status_code')).toBe(503);

    const expected = await httpPolling.run(
      ctx({ url: `http://127.0.0.1:${httpPort}/down`, expected_status: '503' }),
    );
    expect(expected.partial).toBeUndefined();
  });

  it('reads the days left on the certificate, verified against ca_file', async () => {
    const { groups, partial } = await httpPolling.run(
      ctx({ url: `https://127.0.0.1:${httpsPort}/`, ca_file: certFile }),
    );
    expect(partial).toBeUndefined();
    const g = groups[0];
    expect(metric(g, 'status_code')).toBe(200);
    expect(metric(g, 'cert_days_left')).toBeGreaterThan(29);
    expect(metric(g, 'cert_days_left')).toBeLessThanOrEqual(30);
    expect(metric(g, 'cert_verified')).toBe(1);
  });

  it('still measures an untrusted certificate, partial unless tls_verify is off', async () => {
    const url = `https://127.0.0.1:${httpsPort}/`;
    const strict = await httpPolling.run(ctx({ url }));
    expect(strict.partial).toMatch(/certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(metric(strict.groups[0], 'cert_verified')).toBe(0);
    expect(metric(strict.groups[0], 'cert_days_left')).toBeGreaterThan(29);

    const lax = await httpPolling.run(ctx({ url, tls_verify: 'false' }));
    expect(lax.partial).toBeUndefined();
  });

  it('reports a refused connection as status 2 and no answer in time as status 3', async () => {
    const closed = await freePort();
    const refused = await failure(httpPolling.run(ctx({ url: `http://127.0.0.1:${closed}/` })));
    expect(refused.status).toBe(RunStatus.networkFailure);
    expect(refused.message).toContain('ECONNREFUSED');

    const started = performance.now();
    const slow = await failure(
      httpPolling.run(ctx({ url: `http://127.0.0.1:${httpPort}/slow`, timeout: 0.5 })),
    );
    expect(slow.status).toBe(RunStatus.timeout);
    // Well before the server would have answered (3 s), even on a loaded machine.
    expect(performance.now() - started).toBeLessThan(2900);
  });

  it('refuses a URL that is not http(s) (status 5)', async () => {
    const error = await failure(httpPolling.run(ctx({ url: 'ftp://{endpoint}/' })));
    expect(error.status).toBe(RunStatus.internalFailure);
  });
});

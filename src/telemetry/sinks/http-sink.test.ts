import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readSecret } from '../../platform/secrets.js';
import { displayUrl, HttpSink } from './http-sink.js';
import { createInfluxSink } from './influx.js';
import { interfaceGroup } from './test-groups.js';

/** A real HTTP server answering each request with the next status of `statuses` (then 204). */
async function serve(statuses: number[]) {
  const seen: { headers: IncomingMessage['headers']; url: string; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      seen.push({ headers: request.headers, url: request.url ?? '', body });
      response.statusCode = statuses.shift() ?? 204;
      response.end(response.statusCode >= 400 ? 'partial write: field type conflict' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const sinkAt = (url: string) =>
  new HttpSink({
    name: 'test',
    url,
    timeoutMs: 2000,
    headers: async () => ({ 'content-type': 'text/plain' }),
    // One chunk per group, its interface name as the body.
    encode: (groups) =>
      groups.map((g) => ({ groups: 1, body: g.dimensions[0]?.dimension_value ?? '' })),
  });

const groups = ['a', 'b', 'c'].map((interfaceName) => interfaceGroup({ interfaceName }));

describe('HttpSink', () => {
  it('on a 5xx rejects, and the retry of the same batch sends only what was not accepted', async () => {
    const server = await serve([204, 503]);
    const sink = sinkAt(server.url);
    await expect(sink.consume(groups)).rejects.toThrow(/HTTP 503 partial write/);
    expect(sink.health()).toMatchObject({ state: 'retrying', delivered: 1, queued: 2 });
    await sink.consume(groups); // the bus retries the same array
    expect(server.seen.map((r) => r.body)).toEqual(['a', 'b', 'b', 'c']);
    expect(sink.health()).toMatchObject({ state: 'ok', delivered: 3, dropped: 0, queued: 0 });
  });

  it('drops a chunk the server refuses (4xx) with the answer, and delivers the rest', async () => {
    const server = await serve([204, 400]);
    const sink = sinkAt(server.url);
    await sink.consume(groups);
    expect(server.seen.map((r) => r.body)).toEqual(['a', 'b', 'c']);
    const health = sink.health();
    expect(health).toMatchObject({ state: 'ok', delivered: 2, dropped: 1 });
    expect(health.lastError).toBe(
      `POST ${server.url}/: HTTP 400 partial write: field type conflict`,
    );
  });

  it('retries 429 (the server is busy, not refusing the data)', async () => {
    const server = await serve([429]);
    await expect(sinkAt(server.url).consume(groups.slice(0, 1))).rejects.toThrow(/HTTP 429/);
  });

  it('shows URLs without credentials or query (tokens live there)', () => {
    expect(displayUrl('https://user:secret@influx:8086/write?db=x&p=secret')).toBe(
      'https://influx:8086/write',
    );
  });

  it('sends the token read from its reference at every request', async () => {
    const server = await serve([]);
    const env: Record<string, string> = { INFLUX_TOKEN: 'first' };
    const sink = createInfluxSink({
      url: server.url,
      database: 'argus',
      bucket: 'metrics',
      org: 'ops',
      token: () => readSecret('env:INFLUX_TOKEN', { env }),
      precision: 'ns',
      batchLines: 10,
      timeoutMs: 2000,
    });
    await sink.consume(groups.slice(0, 1));
    env.INFLUX_TOKEN = 'rotated';
    await sink.consume(groups.slice(1, 2));
    expect(server.seen.map((r) => r.headers.authorization)).toEqual([
      'Token first',
      'Token rotated',
    ]);
    expect(server.seen[0].url).toBe('/api/v2/write?bucket=metrics&org=ops&precision=ns');
    expect(server.seen[0].body).toMatch(/^interface,.* 1764000000000000000\n$/);
  });
});

import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/platform/auth/service.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemContext } from '../../src/platform/context.js';
import { type Database, queryRows } from '../../src/platform/db.js';
import { buildApp } from '../../src/server/app.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';
import { postgresAdminUrl } from '../helpers/engines.js';

// PostgreSQL drops Argus's connections (a restart, a failover, pg_terminate_backend): Argus logs
// it, answers the requests it was running 503 and serves the next ones. PGlite runs inside the
// process and has no connections to lose, so this runs in the integration-pg project only.
describe.skipIf(testEngine() !== 'postgres')('when PostgreSQL drops every connection', () => {
  let database: Database;
  let close: () => Promise<void>;
  let base: string;
  let headers: Record<string, string>;
  let admin: pg.Client;
  let databaseName: string;
  const reported: Error[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres', {
      onConnectionError: (error) => reported.push(error),
    });
    const config = loadConfig({ logLevel: 'silent' }, {}, '/nonexistent/argus.yaml');
    const { app, catalog } = await buildApp({ config, database, logger: false });
    const person = await catalog.createPerson(systemContext('test'), {
      username: 'ops',
      name: 'Ops',
      role: 'admin',
    });
    const { token } = await issueApiToken(database.db, person.id, 'faults', null);
    headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await database.close();
    };
    // An administrator's session on the maintenance database: it survives the terminations.
    admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    const [current] = await queryRows<{ name: string }>(
      database.db,
      sql`SELECT current_database() AS name`,
    );
    databaseName = current!.name;
  });

  afterAll(async () => {
    await admin?.end();
    await close?.();
  });

  async function call(path: string, init: RequestInit = {}) {
    const response = await fetch(`${base}${path}`, { headers, ...init });
    return { response, body: await response.text() };
  }

  /** The statement an operator or a failover runs; `spare` keeps one backend alive. */
  async function terminateEveryBackend(spare = 0): Promise<void> {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2',
      [databaseName, spare],
    );
  }

  /** Polls the server's own view until `count` of Argus's statements wait for a lock. */
  async function untilWaiting(count: number): Promise<void> {
    for (;;) {
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        [databaseName],
      );
      if (rows[0].n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('answers the requests in flight 503, keeps serving, and is ready again', async () => {
    // Background traffic all along, each request reading the database (its token, then
    // `select 1`): every answer is a success or a 503 problem, never a 500 nor a reset.
    let running = true;
    const background: number[] = [];
    const traffic = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (running) {
          const { response } = await call('/api/ready');
          background.push(response.status);
        }
      }),
    );

    for (let round = 1; round <= 3; round++) {
      // Another session holds the tables every list and write needs, so the requests below are
      // certainly running inside PostgreSQL when their connections are terminated.
      const url = new URL(postgresAdminUrl);
      url.pathname = `/${databaseName}`;
      const holder = new pg.Client({ connectionString: url.toString() });
      holder.on('error', () => {}); // Its own termination, below, is expected.
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE generations, components IN ACCESS EXCLUSIVE MODE');
      const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;

      const inFlight = [
        call('/api/components'),
        call(`/api/components?filter=${encodeURIComponent(`name = "round-${round}"`)}`),
        call('/api/components', {
          method: 'POST',
          body: JSON.stringify({ name: `written-in-round-${round}` }),
        }),
      ];
      await untilWaiting(inFlight.length);
      // Everything but the lock holder first: with the lock still held, no request in flight can
      // have finished, so each must be answered as cut off.
      await terminateEveryBackend(holderPid);
      for (const { response, body } of await Promise.all(inFlight)) {
        expect(response.status, body).toBe(503);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.headers.get('retry-after')).toBe('5');
        expect(JSON.parse(body)).toMatchObject({ status: 503, code: 'ARGUS_DB_UNAVAILABLE' });
      }
      // Then every backend, the holder and what the pool reconnected meanwhile included.
      await terminateEveryBackend();
      await holder.end();

      // The next requests get fresh connections: no restart of Argus needed.
      const created = await call('/api/components', {
        method: 'POST',
        body: JSON.stringify({ name: `after-round-${round}` }),
      });
      expect(created.response.status, created.body).toBe(201);
      const list = await call('/api/components?limit=100');
      expect(list.response.status, list.body).toBe(200);
      const names = (JSON.parse(list.body).items as { name: string }[]).map((c) => c.name);
      expect(names).toContain(`after-round-${round}`);
      // The write that was cut off changed nothing.
      expect(names).not.toContain(`written-in-round-${round}`);
      expect((await call('/api/ready')).response.status).toBe(200);
    }

    running = false;
    await traffic;
    expect(background.length).toBeGreaterThan(0);
    expect(background.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    // The idle connections that died were reported (for the log), with PostgreSQL's reason.
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.map((error) => error.message).join('\n')).toMatch(
      /terminating connection due to administrator command|Connection terminated/,
    );
  });
});

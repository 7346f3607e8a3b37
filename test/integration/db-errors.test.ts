import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db.js';
import { translateDatabaseError } from '../../src/platform/db-errors.js';
import { installErrorHandler } from '../../src/server/errors.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

// Real refusals of the engine under test (PGlite here, PostgreSQL in integration-pg), through
// Drizzle as services meet them, answered by the server's one error handler.
let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  for (const statement of [
    'CREATE TABLE scratch_teams (id integer PRIMARY KEY, display_name text NOT NULL)',
    'CREATE UNIQUE INDEX scratch_teams_name_key ON scratch_teams (lower(display_name))',
    `CREATE TABLE scratch_components (
      id integer PRIMARY KEY,
      namespace text NOT NULL,
      name text NOT NULL,
      owner_team_id integer REFERENCES scratch_teams (id),
      replicas integer CONSTRAINT scratch_components_replicas_check CHECK (replicas > 0)
    )`,
    `CREATE UNIQUE INDEX scratch_components_ref_key
      ON scratch_components (lower(namespace), lower(name))`,
    "INSERT INTO scratch_teams VALUES (1, 'Ops')",
    "INSERT INTO scratch_components VALUES (1, 'default', 'billing', 1, 2)",
  ]) {
    await database.db.execute(sql.raw(statement));
  }
  app = Fastify({ logger: false });
  installErrorHandler(app);
  app.post<{ Body: { statement: string } }>('/run', async (request) => {
    await database.db.execute(sql.raw(request.body.statement));
    return { ok: true };
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function refusal(statement: string) {
  try {
    await database.db.execute(sql.raw(statement));
  } catch (error) {
    return translateDatabaseError(error);
  }
  throw new Error(`${statement} was not refused`);
}

describe(`database refusals on ${testEngine()}`, () => {
  it('answers a unique violation 409 naming the field, without the value', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/run',
      payload: { statement: "INSERT INTO scratch_teams VALUES (2, 'OPS')" },
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json();
    expect(body).toMatchObject({
      status: 409,
      code: 'ARGUS_CONFLICT_DUPLICATE',
      problems: [{ field: 'displayName', reason: 'already exists' }],
    });
    expect(response.body).not.toContain('OPS');
    expect(response.body).not.toContain('INSERT');
  });

  it('names the last column of a key over several, scoped by the others', async () => {
    const error = await refusal(
      "INSERT INTO scratch_components (id, namespace, name) VALUES (2, 'Default', 'Billing')",
    );
    expect(error).toMatchObject({
      status: 409,
      code: 'ARGUS_CONFLICT_DUPLICATE',
      problems: [{ field: 'name', reason: 'already exists for this namespace' }],
    });
  });

  it('answers a reference to a missing row, and deleting a referenced one, 409', async () => {
    const missing = await refusal(
      "INSERT INTO scratch_components (id, namespace, name, owner_team_id) VALUES (3, 'default', 'x', 99)",
    );
    expect(missing).toMatchObject({
      status: 409,
      code: 'ARGUS_CONFLICT_REFERENCE',
      problems: [
        { field: 'ownerTeamId', reason: 'refers to a scratch_teams record that does not exist' },
      ],
    });
    const response = await app.inject({
      method: 'POST',
      url: '/run',
      payload: { statement: 'DELETE FROM scratch_teams WHERE id = 1' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'ARGUS_CONFLICT_REFERENCE',
      problems: [{ field: 'id', reason: 'still referenced from scratch_components' }],
    });
  });

  it('answers a check violation 400 naming the field, without the row', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/run',
      payload: {
        statement:
          "INSERT INTO scratch_components (id, namespace, name, replicas) VALUES (4, 'default', 'secret-name', -1)",
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'ARGUS_INVALID_VALUE',
      problems: [
        { field: 'replicas', reason: 'breaks the rule scratch_components_replicas_check' },
      ],
    });
    expect(response.body).not.toContain('secret-name');
  });

  it('leaves other database errors to be answered as a bug', async () => {
    expect(await refusal('SELECT no_such_column FROM scratch_teams')).toBeUndefined();
    const response = await app.inject({
      method: 'POST',
      url: '/run',
      payload: { statement: 'SELECT no_such_column FROM scratch_teams' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe('ARGUS_INTERNAL');
  });
});

describe('an unreachable PostgreSQL', () => {
  let silent: Server;
  let silentPort: number;
  let closedPort: number;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // A port nobody listens on (refused at once), and one that accepts and never answers.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  async function openingError(port: number): Promise<unknown> {
    try {
      await openDatabase({
        url: `postgres://argus@127.0.0.1:${port}/argus`,
        connectTimeoutSeconds: 0.5,
      });
    } catch (error) {
      return error;
    }
    throw new Error('opened a database that is not there');
  }

  it('is 503 ARGUS_DB_UNAVAILABLE when refused and when it does not answer in time', async () => {
    for (const port of [closedPort, silentPort]) {
      const translated = translateDatabaseError(await openingError(port));
      expect(translated).toMatchObject({ status: 503, code: 'ARGUS_DB_UNAVAILABLE' });
    }
  });
});

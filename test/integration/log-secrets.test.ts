import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

// The log of a real app (pino, Argus's logger options) captured line by line.
const lines: string[] = [];
let t: TestApp;
let admin: TestUser;

const PASSWORD = 'Tr0ub4dor&3-log-secret';

beforeAll(async () => {
  t = await startTestApp(
    {},
    { log: { level: 'info', stream: { write: (line: string) => lines.push(line) } } },
  );
  admin = await t.user('root', { admin: true });
  await t.user('frozen');
  // A rule of the database's own that the service does not know: writes that carry a password
  // hash for these two fail in PostgreSQL, whose error detail echoes the whole row, hash included.
  await t.database.db.execute(
    sql.raw(`ALTER TABLE people ADD CONSTRAINT test_no_password_here
      CHECK (username NOT IN ('doomed', 'frozen') OR password_hash IS NULL)`),
  );
});
afterAll(() => t.close());

function logged(requestId: string): Record<string, unknown>[] {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.reqId === requestId);
}

function expectNoSecrets(): void {
  const log = lines.join('');
  expect(log).not.toContain(PASSWORD);
  expect(log).not.toMatch(/\$argon2id\$/);
  expect(log).not.toContain(admin.token);
}

describe('the log of a failed write', () => {
  it('names the refused INSERT without its parameters or the row', async () => {
    const answer = await t.request(admin, {
      method: 'POST',
      url: '/api/people',
      headers: { 'x-request-id': 'insert-with-password' },
      payload: { username: 'doomed', name: 'Doomed', password: PASSWORD },
    });
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).not.toContain('argon2');
    expect((await t.request(admin, { method: 'GET', url: '/api/people/doomed' })).statusCode).toBe(
      404,
    );

    const failure = logged('insert-with-password').find((entry) => entry.err !== undefined);
    expect(failure, lines.join('')).toBeDefined();
    expect(failure!.err).toMatchObject({
      sqlState: '23514',
      constraint: 'test_no_password_here',
      table: 'people',
      statement: expect.stringMatching(/^insert into "people"/),
    });
    expectNoSecrets();
  });

  it('names the refused UPDATE of a password without the new hash', async () => {
    const answer = await t.request(admin, {
      method: 'POST',
      url: '/api/people/frozen/password',
      headers: { 'x-request-id': 'update-with-password' },
      payload: { newPassword: PASSWORD },
    });
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    const failure = logged('update-with-password').find((entry) => entry.err !== undefined);
    expect(failure, lines.join('')).toBeDefined();
    expect(failure!.err).toMatchObject({
      sqlState: '23514',
      constraint: 'test_no_password_here',
      statement: expect.stringMatching(/^update "people"/),
    });
    expectNoSecrets();
  });

  it('keeps credentials sent in headers out of the log', async () => {
    await t.request(admin, {
      method: 'GET',
      url: '/api/people',
      headers: { cookie: 'argus_session=as_secret-cookie-value', 'x-request-id': 'headers' },
    });
    expect(logged('headers').length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain('secret-cookie-value');
    expectNoSecrets();
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

// POST /api/deploy/guard/check: the command guard over HTTP, for any logged-in user.
let t: TestApp;
let member: TestUser;

const check = (as: TestUser | null, payload: unknown) =>
  t.request(as, { method: 'POST', url: '/api/deploy/guard/check', payload: payload as object });

beforeAll(async () => {
  t = await startTestApp();
  member = await t.user('mia');
});
afterAll(() => t.close());

describe('POST /api/deploy/guard/check', () => {
  it('answers allowed for a benign command', async () => {
    const res = await check(member, { command: 'rm -rf /tmp/build && echo "rm -rf /"' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ allowed: true });
  });

  it('answers a refusal with 200, the part, its position and the rule', async () => {
    const res = await check(member, { command: 'ls; rm -rf /', space: 'payments' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      allowed: false,
      refusals: [
        {
          part: 'rm -rf /',
          start: 4,
          end: 12,
          rule: 'recursive-delete-system-path',
          reason: expect.stringContaining('/'),
        },
      ],
    });
  });

  it('refuses what does not parse, with the line and column', async () => {
    const res = await check(member, { command: 'echo "unclosed' });
    expect(res.statusCode).toBe(200);
    expect(res.json().refusals[0]).toMatchObject({ rule: 'parse-error', start: 5 });
    expect(res.json().refusals[0].reason).toMatch(/line 1, column 6/);
  });

  it('answers 400 naming the field for a missing, empty or mistyped command', async () => {
    for (const payload of [{}, { command: '' }, { command: 42 }, { command: 'ls', space: '' }]) {
      const res = await check(member, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const field = 'space' in payload ? 'space' : 'command';
      expect(res.json().problems.map((p: { field: string }) => p.field)).toContain(field);
    }
  });

  it('refuses anonymous callers', async () => {
    const res = await check(null, { command: 'ls' });
    expect(res.statusCode).toBe(401);
  });
});

describe('with a policy file', () => {
  let custom: TestApp;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'argus-guard-')), 'policy.yaml');
    writeFileSync(
      file,
      "rules:\n  firewall-flush: false\ndeny:\n  - pattern: '^docker system prune'\n    reason: prunes every image\n",
    );
    custom = await startTestApp({ deployGuardPolicyFile: file });
  });
  afterAll(() => custom.close());

  it('applies it to every space (spaces do not exist yet)', async () => {
    const user = await custom.user('pat');
    const ask = (command: string, space?: string) =>
      custom.request(user, {
        method: 'POST',
        url: '/api/deploy/guard/check',
        payload: { command, space },
      });
    expect((await ask('iptables -F', 'any-space')).json()).toEqual({ allowed: true });
    const denied = (await ask('docker system prune -af')).json();
    expect(denied.refusals).toEqual([
      expect.objectContaining({ rule: 'policy-deny', reason: 'prunes every image', start: 0 }),
    ]);
  });
});

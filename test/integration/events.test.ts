import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let admin: TestUser;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('root', { admin: true });
  base = await t.listen();
});
afterAll(() => t.close());

describe('live events', () => {
  it('streams committed changes over server-sent events, and not rolled-back ones', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, {
      headers: admin.headers,
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    await reader.read(); // the ": connected" comment
    // A refused write (unknown owner) publishes nothing; the valid one after it does.
    await fetch(`${base}/api/components`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', owner: 'ghosts' }),
    });
    await fetch(`${base}/api/components`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'live' }),
    });
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(text.split('data: ')[1]!.split('\n')[0]!);
    expect(data).toMatchObject({
      type: 'component',
      ref: 'component:default/live',
      action: 'create',
    });
  });

  it('refuses anonymous subscribers', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });
});

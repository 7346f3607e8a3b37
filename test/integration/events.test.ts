import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
const streams: AbortController[] = [];

/** Reads /api/events in the background; `until` waits for the text so far to satisfy a test. */
function openStream(headers: Record<string, string>) {
  const controller = new AbortController();
  streams.push(controller);
  let text = '';
  const waiting = new Set<() => void>();
  const connected = fetch(`${base}/api/events`, { headers, signal: controller.signal }).then(
    (res) => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        for (;;) {
          const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (chunk.done) return;
          text += decoder.decode(chunk.value);
          for (const wake of waiting) wake();
        }
      })();
    },
  );
  const until = (test: (text: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such event in:\n${text}`)), 20_000);
      const check = () => {
        if (!test(text)) return;
        clearTimeout(timer);
        waiting.delete(check);
        resolve(text);
      };
      waiting.add(check);
      check();
    });
  return { connected, until };
}

/** The data of every event of one kind in a stream's text. */
function events(text: string, kind: string): Record<string, number & string>[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith(`event: ${kind}\n`))
    .map((block) => JSON.parse(block.split('data: ')[1]!));
}
let admin: TestUser;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('root', { admin: true });
  base = await t.listen();
});
afterAll(async () => {
  for (const stream of streams) stream.abort();
  await t.close();
});

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

  it('streams the progress of an import to the person who started it, and to nobody else', async () => {
    const viewer = await t.user('watcher');
    const mine = openStream(admin.headers);
    const theirs = openStream(viewer.headers);
    await Promise.all([mine.connected, theirs.connected]);
    const rows = Array.from({ length: 400 }, (_, i) => `bulk-${i},1.0`);
    const res = await fetch(`${base}/api/import/spreadsheet?progress=task-0001`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
      body: ['Name,Version', ...rows].join('\n'),
    });
    expect(res.status).toBe(201);
    // The import's own change event comes last, after the commit.
    const done = (text: string) => text.includes('"ref":"import:upload"');
    const [own, other] = await Promise.all([mine.until(done), theirs.until(done)]);
    const progress = events(own, 'progress');
    expect(progress.length).toBeGreaterThan(3);
    for (const p of progress) {
      expect(p).toMatchObject({ task: 'task-0001', phase: expect.any(String) });
      expect(p).not.toHaveProperty('actorId');
      expect(p.done).toBeLessThanOrEqual(p.total);
    }
    const phases = progress.map((p) => p.phase);
    for (const phase of ['reading', 'checking rows', 'components', 'versions'])
      expect(phases).toContain(phase);
    expect(progress.filter((p) => p.phase === 'components').at(-1)).toMatchObject({
      done: 400,
      total: 400,
    });
    expect(events(other, 'progress')).toEqual([]);
    expect(events(other, 'change').length).toBeGreaterThan(0);
  });

  it('refuses a malformed task id before importing anything', async () => {
    const res = await fetch(`${base}/api/import/spreadsheet?progress=no`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
      body: 'Name\nnever-imported\n',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0].field).toBe('query.progress');
    expect(
      (await fetch(`${base}/api/components/default/never-imported`, { headers: admin.headers }))
        .status,
    ).toBe(404);
  });

  it('refuses anonymous subscribers', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });
});

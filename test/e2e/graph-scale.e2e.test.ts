import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, requireWebBuild, submitLogin } from '../helpers/browser.js';

/**
 * The dependency graph stays usable at 500 components: laid out in elk's worker, shown within
 * seconds, and the page answers while it is on screen.
 */
const N = 500;
let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  requireWebBuild();
  mkdirSync('test-results/e2e', { recursive: true });
  t = await startTestApp();
  await t.user('admin', { admin: true, password: 'correct-horse-battery' });
  const lifecycles = ['mature', 'new', 'legacy', 'experimental'] as const;
  for (let i = 0; i < N; i++) {
    await t.catalog.createComponent(t.system, {
      name: `svc-${i}`,
      namespace: 'default',
      lifecycle: lifecycles[i % 4],
    });
  }
  // A tree: every component depends on up to three others.
  for (let i = 1; i < N; i++) {
    const from = `svc-${Math.floor((i - 1) / 3)}`;
    await t.catalog.addDependency(t.system, {
      from,
      to: `svc-${i}`,
      type: i % 3 === 0 ? 'weak_ro' : 'strong_rw',
      notes: '',
    });
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it(`lays out ${N} components and stays responsive`, async () => {
  const base = await t.listen();
  const page = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 } })
  ).newPage();
  await page.goto(`${base}/login`);
  await submitLogin(page, 'admin', 'correct-horse-battery');
  await page.waitForURL(`${base}/`);

  const started = Date.now();
  await page.goto(`${base}/graph`);
  await page.getByTestId('graph-node').first().waitFor({ timeout: 30_000 });
  const shown = Date.now() - started;
  expect(await page.getByTestId('graph-stats').textContent()).toBe(
    `${N} components, ${N - 1} dependencies`,
  );
  expect(shown).toBeLessThan(15_000);

  // The main thread is free: a round trip through the page's event loop is quick.
  const probe = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  expect(Date.now() - probe).toBeLessThan(1_000);
  await page.screenshot({ path: 'test-results/e2e/16-graph-500.png' });
}, 60_000);

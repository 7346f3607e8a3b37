import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';
import { startArgus } from '../helpers/cli.js';

/**
 * What `npm start` promises (issue 8, item 8): the real `argus serve`, empty but for its shipped
 * plugins, shows the machine it runs on as a resource whose page charts host metrics, within one
 * polling interval of start. A screenshot goes to test-results/e2e/.
 */
const SHOTS = 'test-results/e2e';
const dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-telemetry-'));
let server: ChildProcess | undefined;
let base: string;
let password: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  const started = await startArgus(['--port', '0', '--no-demo'], {
    ARGUS_HOST: '127.0.0.1',
    ARGUS_DATA_DIR: dataDir,
    ARGUS_LOG_LEVEL: 'warn',
  });
  server = started.child;
  base = started.url.replace('localhost', '127.0.0.1');
  password = started.output().match(/one-time password (\S+)/)![1]!;
  browser = await launchChromium();
  page = await openTab(browser, pageErrors, { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the machine itself, charted', () => {
  it('appears as a resource and its page charts host metrics within one polling interval', async () => {
    try {
      await seeTheMachineCharted();
    } finally {
      await page.screenshot({ path: join(SHOTS, 'telemetry-resource.png'), fullPage: true });
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

async function seeTheMachineCharted() {
  await logIn(page, base, 'admin', password);
  await page.goto(`${base}/resources`);
  // Discovered by the shipped `self` plugin at start; the list updates by itself.
  const link = page.getByRole('link', { name: hostname(), exact: true });
  await expect.poll(() => link.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await link.first().click();
  // The shipped `host` plugin polls every 30 s, the first time at start: the cpu group's card
  // has a chart with data and a latest value.
  const cpu = page.getByTestId('metric-group-cpu');
  await cpu.waitFor({ timeout: 30_000 });
  await cpu.getByTestId('metric-chart').locator('canvas').first().waitFor();
  await cpu.getByText(/resolution, step/).waitFor();
  // The latest-values table (uPlot's legend is a table too, before it).
  const firstValue = cpu.locator('table').last().locator('tbody tr').first().locator('td').nth(1);
  await expect
    .poll(async () => Number.parseFloat((await firstValue.textContent()) ?? ''))
    .not.toBeNaN();
  await page.getByTestId('metric-group-memory').waitFor();
}

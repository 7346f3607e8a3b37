import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';
import { fixturePath } from '../helpers/fixtures.js';

/**
 * The tech radar in the browser, on the Panopticum fixtures' radar: the imported entries are
 * drawn as numbered blips and listed in the legend, hovering shows an entry's details, an entry
 * opens with its timeline, an admin moves one, a component using a technology on Hold is
 * flagged, and the page prints. Screenshots go to test-results/e2e/.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';

let t: TestApp;
let admin: TestUser;
let base: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let labels: string[];

const shot = (name: string) =>
  page.screenshot({ path: join(SHOTS, `radar-${name}.png`), fullPage: true });
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 5_000 });

async function api(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.request(admin, {
    method,
    url,
    ...(typeof payload === 'string'
      ? { payload, headers: { 'content-type': 'application/json' } }
      : payload === undefined
        ? {}
        : { payload: payload as object }),
  });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  const file = readFileSync(fixturePath('panopticum', 'demo.json'), 'utf8');
  labels = (JSON.parse(file) as { model: string; fields: { label?: string } }[])
    .filter((r) => r.model === 'panopticum.techradarentry')
    .map((r) => r.fields.label!);
  await api('POST', '/api/import/panopticum', file);

  base = await t.listen();
  browser = await launchChromium();
  page = await openTab(browser, pageErrors, { viewport: { width: 1440, height: 1000 } });
  await logIn(page, base, 'admin', PASSWORD, '/login?redirect=/radar');
  await page.waitForURL(/\/radar$/);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const blips = () => page.locator('[data-testid="blip"]');

describe('the tech radar in the browser', () => {
  it('draws every imported entry as a numbered blip and lists it in the legend', async () => {
    await page.getByTestId('radar-chart').waitFor();
    await poll(() => blips().count()).toBe(labels.length);
    const drawn = await blips().evaluateAll((nodes) =>
      nodes.map((n) => n.getAttribute('data-entry')),
    );
    expect([...drawn].sort()).toEqual([...labels].sort());
    // Numbers in the blips are the numbers in the legend.
    const numbers = await blips().evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect([...numbers].map(Number).sort((a, b) => a - b)).toEqual(labels.map((_, i) => i + 1));
    const legend = await page.getByTestId('legend-entry').allTextContents();
    expect(legend).toHaveLength(labels.length);
    const quadrants = await page.getByTestId('radar-quadrant').allTextContents();
    expect(quadrants).toEqual([
      'Dev Tools',
      'Methods & Patterns',
      'Databases & Services',
      'Languages & Frameworks',
    ]);
    for (const label of labels)
      expect(
        legend.some((l) =>
          new RegExp(`^\\d+\\. ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(l),
        ),
        label,
      ).toBe(true);
    await shot('01-radar');
  });

  it('shows an entry on hover: label, ring and who uses it', async () => {
    await page.locator('[data-testid="blip"][data-entry="RabbitMQ"]').hover();
    const details = page.getByTestId('blip-details');
    await details.waitFor();
    await details.getByText('RabbitMQ').waitFor();
    await details.getByText('HOLD').waitFor();
    await details.getByText('No component is known to use it.').waitFor();
    await shot('02-hover');
    await page.mouse.move(5, 5);
    await poll(() => details.count()).toBe(0);
  });

  it('opens an entry with its timeline and moves it, with a note', async () => {
    await page.locator('[data-testid="legend-entry"][data-entry="Python 3"]').click();
    await page.getByTestId('entry-title').getByText('Python 3').waitFor();
    const timeline = page.getByTestId('entry-timeline');
    await timeline.getByText('ADOPT').first().waitFor();
    await page.getByTestId('move-ring').click();
    await page.getByRole('option', { name: 'TRIAL' }).click();
    await page.getByLabel('Why').fill('Pinned while we upgrade');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await timeline.getByText('Pinned while we upgrade').waitFor();
    await poll(() =>
      page.locator('[data-testid="blip"][data-entry="Python 3"]').getAttribute('data-moved'),
    ).toBe('out');
    await shot('03-entry');
    await page.keyboard.press('Escape');
  });

  it('lets an admin add an entry on a ring', async () => {
    await page.getByRole('button', { name: 'Add entry' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('entry-label').fill('Terraform');
    await dialog.getByLabel('Why on this ring').fill('Every environment is code');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('[data-testid="blip"][data-entry="Terraform"]').waitFor();
    expect(
      await page.locator('[data-testid="blip"][data-entry="Terraform"]').getAttribute('data-moved'),
    ).toBe('new');
    await page.locator('[data-testid="legend-entry"][data-entry="Terraform"]').waitFor();
  });

  it('updates an open radar when someone else changes it', async () => {
    const radar = await api('GET', '/api/radar');
    await api('POST', '/api/radar/entries', {
      label: 'Kubernetes',
      quadrant: radar.quadrants[2].name,
      ring: 'ASSESS',
    });
    await page.locator('[data-testid="blip"][data-entry="Kubernetes"]').waitFor();
    expect(
      await page
        .locator('[data-testid="blip"][data-entry="Kubernetes"]')
        .getAttribute('data-moved'),
    ).toBe('new');
  });

  it('flags a component that uses a technology on Hold', async () => {
    const radar = await api('GET', '/api/radar');
    const mysql = radar.entries.find((e: { label: string }) => e.label === 'MySQL');
    await api('POST', `/api/radar/entries/${mysql.id}/links`, {
      kind: 'component',
      target: 'default/my-idp',
    });
    await page.goto(`${base}/components/default/my-idp`);
    const flag = page.getByTestId('hold-flag');
    await flag.getByText('MySQL').waitFor();
    await flag.getByText('Uses technology on HOLD').waitFor();
    await shot('04-hold-flag');
  });

  it('prints the radar and its legend on one page', async () => {
    await page.goto(`${base}/radar`);
    await poll(() => blips().count()).toBe(labels.length + 2);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav, .mantine-AppShell-navbar').first().isVisible()).toBe(false);
    await shot('05-print');
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    // One page: a PDF names its page count in /Count.
    expect(pdf.toString('latin1')).toMatch(/\/Count 1\b/);
    await page.emulateMedia({ media: 'screen' });
    expect(pageErrors).toEqual([]);
  });
});

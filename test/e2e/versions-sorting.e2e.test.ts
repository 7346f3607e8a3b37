import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';
import { fixturePath } from '../helpers/fixtures.js';

/**
 * Versions, sorting and the import report as a person meets them: a version that is not one is
 * refused with the reason under the field, "latest" is the highest version, the table sorts by
 * lifecycle in lifecycle order, and an import says which records it skipped and why.
 * Screenshots of every step go to test-results/e2e/.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';

let t: TestApp;
let admin: TestUser;
let base: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `versions-sorting-${name}.png`), fullPage: true });
}

async function api(method: string, url: string, payload?: unknown) {
  const response = await t.request(admin, {
    method: method as 'GET',
    url,
    payload: payload as object,
  });
  if (response.statusCode >= 400)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** The component names of the dashboard table, in the order shown. */
async function tableNames(): Promise<string[]> {
  const refs = await page
    .getByTestId('components-table')
    .locator('tbody tr[data-ref]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref') ?? ''));
  return refs.map((ref) => ref.replace(/^component:default\//, ''));
}

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** Alphabetically these would read deprecated, eol, eos, experimental, legacy, mature, new. */
const BY_LIFECYCLE = [
  ['svc-experimental', 'experimental'],
  ['svc-new', 'new'],
  ['svc-mature', 'mature'],
  ['svc-legacy', 'legacy'],
  ['svc-deprecated', 'deprecated'],
  ['svc-eol', 'eol'],
  ['svc-eos', 'eos'],
] as const;

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  await api('POST', '/api/teams', { name: 'payments', title: 'Payments team', members: ['admin'] });
  // Created in reverse, so neither creation order nor names give the lifecycle order.
  for (const [name, lifecycle] of [...BY_LIFECYCLE].reverse())
    await api('POST', '/api/components', { name, lifecycle, owner: 'payments' });
  await api('POST', '/api/components/default/svc-mature/versions', { version: '1.9.0' });
  await api('POST', '/api/components/default/svc-mature/versions', { version: '1.10.0' });

  base = await t.listen();
  browser = await launchChromium();
  page = await openTab(browser, pageErrors);
  await logIn(page, base, 'admin', PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('versions, sorting and the import report in the browser', () => {
  it('sorts the table by lifecycle in lifecycle order, and back', async () => {
    await page.goto(`${base}/components`);
    await poll(tableNames).toHaveLength(BY_LIFECYCLE.length);
    const header = page
      .getByTestId('components-table')
      .locator('thead')
      .getByText('Lifecycle', { exact: true });
    await header.click();
    await poll(tableNames).toEqual(BY_LIFECYCLE.map(([name]) => name));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('lifecycle');
    await shot('01-sorted-by-lifecycle');
    await header.click();
    await poll(tableNames).toEqual(BY_LIFECYCLE.map(([name]) => name).reverse());
    await shot('02-sorted-by-lifecycle-descending');
  });

  it('refuses a version that is not one, saying why, and shows latest as the highest', async () => {
    await page.goto(`${base}/components/default/svc-mature`);
    await expect
      .poll(() => page.getByTestId('latest-version').textContent())
      .toBe('latest (highest) version 1.10.0');
    await page.getByRole('button', { name: 'Add version' }).click();
    const dialog = page.getByRole('dialog');
    const field = dialog.getByRole('textbox', { name: 'Version' });
    // The rule is on the form before anything is typed.
    await dialog.getByText(/numbers joined by dots \(1\.10, 2024\.03, v1\.2\.3\)/).waitFor();
    await dialog.getByText(/Latest = the highest version/).waitFor();
    await field.fill('not a version!');
    await dialog.getByRole('button', { name: 'Add version' }).click();
    const error = dialog.locator('.mantine-InputWrapper-error');
    await poll(() => error.first().textContent()).toBe('"not a version!" must not contain spaces');
    await field.scrollIntoViewIfNeeded();
    await shot('03-bad-version-refused');

    // A pre-release of 1.10.0 is added, and latest stays 1.10.0: it is below its release.
    await field.fill('1.10.0-rc.1');
    await poll(() => error.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Add version' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('1.10.0-rc.1', { exact: true }).first().waitFor();
    await expect
      .poll(() => page.getByTestId('latest-version').textContent())
      .toBe('latest (highest) version 1.10.0');
    const page1 = await api('GET', '/api/components/default/svc-mature');
    expect(page1.versions.map((v: { version: string }) => v.version)).toEqual([
      '1.10.0',
      '1.10.0-rc.1',
      '1.9.0',
    ]);
    await shot('04-latest-is-highest');
  });

  it('imports a file and lists each skipped record with its reason', async () => {
    const file = JSON.parse(readFileSync(fixturePath('panopticum', 'demo.json'), 'utf8')) as {
      model: string;
      pk: number;
      fields: Record<string, unknown>;
    }[];
    const version = file.find(
      (r) => r.model === 'panopticum.componentversionmodel' && r.fields.version === '1.0',
    )!;
    version.fields.version = 'not a version!';
    await page.goto(`${base}/transfer`);
    await page.getByLabel('Format').first().click();
    await page.getByRole('option', { name: 'Panopticum fixtures (JSON)' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'demo.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    await result
      .getByText(
        /^Read \d+ records: \d+ created, 0 updated, \d+ skipped \(each listed below with its reason\)/,
      )
      .waitFor();
    const records = page.getByTestId('import-records');
    const versionRow = records.getByRole('row', {
      name: new RegExp(`#${version.pk} "not a version!"`),
    });
    await versionRow.getByText(/is not a version: it must not contain spaces/).waitFor();
    await records
      .getByText('its component version "not a version!" was skipped (not a version)')
      .first()
      .waitFor();
    // Records skipped because Argus derives them say so, instead of a bare count.
    await records.getByText('the overall status is derived in Argus').first().waitFor();
    await expect.poll(() => page.getByText(/changes? published/).count()).toBe(0);
    await versionRow.scrollIntoViewIfNeeded();
    await shot('05-import-report');
    expect(pageErrors).toEqual([]);
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';
import { type CatalogFixture, seedCatalog } from '../helpers/catalog-fixture.js';

/**
 * The inventory in the browser: the resource list filtered by the DSL and a facet, a resource's
 * page, linking it to a component as that component's owner, and the component's page listing
 * it. Screenshots go to test-results/e2e/.
 */
const SHOTS = 'test-results/e2e';

let t: TestApp;
let f: CatalogFixture;
let base: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) =>
  page.screenshot({ path: join(SHOTS, `inventory-${name}.png`), fullPage: true });
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 5_000 });

const resource = (id: string, site: string, cls: string, os: string) => ({
  resource_plugin: 'e2e',
  resource_site: site,
  resource_class: cls,
  resource_subclass: cls === 'system' ? 'host' : 'switch',
  resource_type: cls === 'system' ? 'linux' : 'arista',
  resource_id: id,
  resource_endpoint: `${id}.example.net`,
  resource_creation_timestamp: '1700000000',
  resource_metadata: { os_name: os, _resource_ttl: '3600' },
});

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  f = await seedCatalog(t);
  const res = await t.request(f.admin, {
    method: 'POST',
    url: '/api/resources/import',
    payload: [
      resource('web-1', 'dc1', 'system', 'Debian'),
      resource('web-2', 'dc2', 'system', 'Debian'),
      resource('db-1', 'dc1', 'system', 'Ubuntu'),
      resource('sw-1', 'dc1', 'network', 'EOS'),
    ],
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  base = await t.listen();
  browser = await launchChromium();
  page = await openTab(browser, pageErrors);
  // bob is in the payments team, which owns payments-api: he may link resources to it.
  await logIn(page, base, 'bob', 'bob-password-12', '/login?redirect=/resources');
  await page.waitForURL(/\/resources/);
  // A busy machine (two shared cores) can take more than the default minute to get here.
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const rows = () => page.getByTestId('resources-table').locator('tbody tr');

describe('the inventory in the browser', () => {
  it('lists resources with facets, and narrows them by a DSL filter and a facet', async () => {
    await poll(() => rows().count()).toBe(4);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe('4 resources');
    await page.getByTestId('filter-input').fill('resource_metadata.os_name = "Debian"');
    await page.getByTestId('filter-input').press('Enter');
    await poll(() => rows().count()).toBe(2);
    // The site facet counts over the filtered set; choosing dc2 leaves one.
    const dc2 = page.getByTestId('facet-resource_site').getByLabel(/dc2/);
    await dc2.check();
    await poll(() => rows().count()).toBe(1);
    expect(decodeURIComponent(page.url())).toMatch(/resource_site=.*dc2/);
    // The chosen facet still offers its other values, counted without its own choice.
    await page.getByTestId('facet-resource_site').getByLabel(/dc1/).waitFor();
    await shot('list');
  });

  it('opens a resource page and links it to a component', async () => {
    await rows().first().getByRole('link', { name: 'web-2' }).click();
    await page.waitForURL(/\/resources\/[0-9a-f-]{36}$/);
    await page.getByTestId('resource-metadata').getByText('os_name').waitFor();
    expect(await page.getByTestId('resource-metadata').textContent()).toContain('Debian');
    await page.getByRole('combobox', { name: 'Link to a component' }).fill('payments');
    await page.getByRole('option', { name: /payments-api/ }).click();
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByTestId('linked-component').getByText('Payments API').waitFor();
    await shot('resource');
  });

  it("shows the resource on the component's page, with the rule editable by its owner", async () => {
    await page.getByTestId('linked-component').getByRole('link', { name: 'Payments API' }).click();
    await page.waitForURL(/\/components\/default\/payments-api$/);
    const section = page.getByTestId('component-resources');
    await section.getByRole('link', { name: 'web-2' }).waitFor();
    await section.getByRole('button', { name: 'Add a rule' }).click();
    await section.getByTestId('filter-input').fill('resource_class = "network"');
    await section.getByTestId('filter-input').press('Enter');
    await section.getByRole('link', { name: 'sw-1' }).waitFor();
    expect(await section.getByTestId('resource-rule').textContent()).toContain(
      'resource_class = "network"',
    );
    await section.scrollIntoViewIfNeeded();
    await shot('component');
    expect(pageErrors).toEqual([]);
  });
});

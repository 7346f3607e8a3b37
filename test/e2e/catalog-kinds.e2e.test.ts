import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';

/**
 * Systems, domains, APIs and resources in the web app (PRODUCT 1.1): an admin creates one of
 * each through the forms, filters the APIs with the filter language and the facets, sees an
 * API's OpenAPI definition rendered by the reference viewer inside the API page, and links a
 * component to provide it; a member of another team sees no edit controls where the server
 * refuses them, and sees them where they own the entity. Screenshots:
 * test-results/e2e/catalog-kinds-*.png.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';
const OPENAPI = [
  'openapi: 3.0.3',
  'info:',
  '  title: Orders REST',
  '  version: 1.2.0',
  'paths:',
  '  /orders:',
  '    get:',
  '      summary: List the open orders',
  '      responses:',
  "        '200':",
  '          description: the orders',
  '    post:',
  '      summary: Place an order',
  '      responses:',
  "        '201':",
  '          description: placed',
].join('\n');

let t: TestApp;
let admin: TestUser;
let base: string;
let browser: Browser;
const pageErrors: string[] = [];

async function api(method: string, url: string, payload?: unknown) {
  const res = await t.request(admin, { method: method as 'GET', url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? undefined : res.json();
}

const poll = <T>(read: () => T | Promise<T>, timeout = 5_000) => expect.poll(read, { timeout });

async function loggedIn(username: string): Promise<Page> {
  const page = await openTab(browser, pageErrors, { label: username });
  // The framed reference included: console messages of every frame arrive here.
  page.on('console', (message) => {
    if (/Content.Security.Policy|frame-ancestors|X-Frame-Options/i.test(message.text()))
      pageErrors.push(`${username}: ${message.text()}`);
  });
  await logIn(page, base, username, PASSWORD);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `catalog-kinds-${name}.png`), fullPage: true });

const textbox = (dialog: Locator, name: string) =>
  dialog.getByRole('textbox', { name, exact: true });

/** Opens a kind's list, presses "New <one>" and fills the common fields. */
async function startCreate(page: Page, path: string, one: string, name: string, title: string) {
  await page.goto(`${base}/${path}`);
  await page.getByRole('button', { name: `New ${one}` }).click();
  const dialog = page.getByRole('dialog');
  await textbox(dialog, 'Name').fill(name);
  await textbox(dialog, 'Title').fill(title);
  await textbox(dialog, 'Owner').fill('payments');
  return dialog;
}

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  await api('POST', '/api/teams', { name: 'payments', title: 'Payments team' });
  await api('POST', '/api/teams', { name: 'web', title: 'Web team' });
  await t.user('walt', { password: PASSWORD, teams: ['web'] });
  await api('POST', '/api/components', { name: 'orders-service', owner: 'payments' });
  // APIs of other types and owners, for the list's filter and facets.
  await api('POST', '/api/apis', {
    name: 'orders-graph',
    type: 'graphql',
    lifecycle: 'experimental',
    owner: 'payments',
    definition: 'type Query { order(id: ID!): String }',
  });
  await api('POST', '/api/apis', {
    name: 'storefront-events',
    type: 'asyncapi',
    lifecycle: 'mature',
    owner: 'web',
    tags: ['events'],
  });
  base = await t.listen();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the kinds as an admin', () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn('admin');
  });

  it('creates a domain through the form and shows its page with the owner team', async () => {
    const dialog = await startCreate(page, 'domains', 'domain', 'commerce', 'Commerce');
    await textbox(dialog, 'Description (Markdown)').fill('## Selling\n\nEverything **paid**.');
    await shot(page, '01-domain-form');
    await dialog.getByRole('button', { name: 'Create domain' }).click();
    await page.waitForURL(/\/domains\/default\/commerce$/);
    await poll(() => page.getByTestId('entity-title').textContent()).toBe('Commerce');
    const summary = page.getByTestId('entity-summary');
    await summary.getByRole('heading', { name: 'Selling' }).waitFor();
    await summary.getByRole('link', { name: 'Payments team' }).waitFor();
    await page.getByTestId('entity-history').getByText('create').first().waitFor();
    await shot(page, '02-domain-page');
  });

  it('creates a system in the domain, and the domain lists it', async () => {
    const dialog = await startCreate(page, 'systems', 'system', 'shop', 'Shop');
    await textbox(dialog, 'Domain').fill('commerce');
    await dialog.getByRole('button', { name: 'Create system' }).click();
    await page.waitForURL(/\/systems\/default\/shop$/);
    await page.getByTestId('entity-summary').getByRole('link', { name: 'commerce' }).click();
    await page.waitForURL(/\/domains\/default\/commerce$/);
    await page.getByTestId('related-systems').getByRole('link', { name: 'Shop' }).waitFor();
  });

  it('refuses an unknown system next to its field, then creates the API with its OpenAPI definition', async () => {
    const dialog = await startCreate(page, 'apis', 'API', 'orders-rest', 'Orders REST');
    await textbox(dialog, 'Type').fill('openapi');
    await textbox(dialog, 'System').fill('no-such-system');
    await textbox(dialog, 'Definition (OpenAPI, AsyncAPI, GraphQL SDL, protobuf ...)').fill(
      OPENAPI,
    );
    await dialog.getByRole('button', { name: 'Create API' }).click();
    await poll(() => dialog.locator('.mantine-InputWrapper-error').first().textContent()).toMatch(
      /system/i,
    );
    await textbox(dialog, 'System').fill('shop');
    await dialog.getByRole('button', { name: 'Create API' }).click();
    await page.waitForURL(/\/apis\/default\/orders-rest$/);
    await poll(() => page.getByTestId('entity-title').textContent()).toBe('Orders REST');
  });

  it("renders the API's operations with the reference viewer inside the API page", async () => {
    const frame = page.frameLocator('[data-testid=api-reference-frame]');
    await frame.getByText('List the open orders').first().waitFor({ timeout: 30_000 });
    await frame.getByText('Place an order').first().waitFor();
    await page.getByTestId('api-reference-frame').scrollIntoViewIfNeeded();
    await shot(page, '03-api-definition');
    // A GraphQL definition is text, not a reference.
    await page.goto(`${base}/apis/default/orders-graph`);
    await poll(() => page.getByTestId('api-definition-text').textContent()).toContain('type Query');
    expect(await page.getByTestId('api-reference-frame').count()).toBe(0);
  });

  it('creates a resource in the system', async () => {
    const dialog = await startCreate(
      page,
      'catalog-resources',
      'resource',
      'orders-db',
      'Orders DB',
    );
    await textbox(dialog, 'Type').fill('database');
    await textbox(dialog, 'System').fill('shop');
    await dialog.getByRole('button', { name: 'Create resource' }).click();
    await page.waitForURL(/\/catalog-resources\/default\/orders-db$/);
    await page.goto(`${base}/systems/default/shop`);
    await page.getByTestId('related-apis').getByRole('link', { name: 'Orders REST' }).waitFor();
    await page.getByTestId('related-resources').getByRole('link', { name: 'Orders DB' }).waitFor();
    await shot(page, '04-system-page');
  });

  it('lists the APIs with a filter-language expression and facets', async () => {
    await page.goto(`${base}/apis`);
    const table = page.getByTestId('entities-table');
    const names = () =>
      table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')));
    await poll(names).toEqual([
      'api:default/orders-graph',
      'api:default/orders-rest',
      'api:default/storefront-events',
    ]);
    await poll(() => page.getByTestId('result-count').textContent()).toBe('3 APIs');
    const filter = page.getByTestId('filter-input');
    await filter.fill('owner = "payments" AND type != "graphql"');
    await filter.press('Enter');
    await poll(names).toEqual(['api:default/orders-rest']);
    await shot(page, '05-apis-filter');
    // A broken expression says where.
    await filter.fill('owner = ');
    await filter.press('Enter');
    await page.getByTestId('filter-error').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await poll(names).toHaveLength(3);
    // Facets count the set and narrow it.
    const lifecycle = page.getByTestId('facet-lifecycle');
    await lifecycle.getByText('mature').waitFor();
    await lifecycle.getByRole('checkbox', { name: /mature/ }).check();
    await poll(names).toEqual(['api:default/storefront-events']);
    expect(new URL(page.url()).searchParams.get('lifecycle')).toContain('mature');
    await shot(page, '06-apis-facets');
  });

  it('links the component to provide the API, and the API page names its provider', async () => {
    await page.goto(`${base}/components/default/orders-service`);
    const panel = page.getByTestId('component-entities');
    await panel.getByLabel('API').click();
    await page.keyboard.type('orders-rest');
    await page.getByRole('option', { name: /orders-rest/ }).click();
    await panel.getByRole('button', { name: 'Add' }).click();
    await panel
      .getByTestId('relations-providesApi')
      .getByRole('link', { name: 'Orders REST' })
      .waitFor();
    await shot(page, '07-component-provides');
    await panel
      .getByTestId('relations-providesApi')
      .getByRole('link', { name: 'Orders REST' })
      .click();
    await page.waitForURL(/\/apis\/default\/orders-rest$/);
    await page
      .getByTestId('related-providers')
      .getByRole('link', { name: 'orders-service' })
      .waitFor();
  });

  it('draws the API beside the component in the graph, as its own kind, centred from its page', async () => {
    await page.goto(`${base}/graph?root=default%2Forders-service&depth=2`);
    const node = page.locator('[data-testid=graph-node][data-kind=api]');
    await poll(() => node.count(), 15_000).toBeGreaterThan(0);
    expect(await node.first().getAttribute('data-ref')).toBe('api:default/orders-rest');
    await page.getByTestId('legend-kind-api').waitFor();
    await shot(page, '08-graph');
    // A click on it opens the API's page (it is no centre of a dependency walk).
    await node.first().click();
    await page.waitForURL(/\/apis\/default\/orders-rest$/);
    expect(await page.title()).toBe('orders-rest · APIs · Argus');
    // The page's Graph centres the graph on the API: its provider and its system around it.
    await page.getByRole('link', { name: 'Graph', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('root') === 'api:default/orders-rest');
    const refs = () =>
      page
        .getByTestId('graph-node')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-ref')).sort());
    await poll(refs, 15_000).toEqual(
      expect.arrayContaining([
        'api:default/orders-rest',
        'component:default/orders-service',
        'system:default/shop',
      ]),
    );
    await poll(() => page.getByTestId('graph-stats').textContent()).toBe(
      '1 component, 1 domain, 1 system, 1 API, 3 links',
    );
    await shot(page, '08b-graph-around-api');
  });

  it('finds the kinds with the global search, grouped by kind', async () => {
    await page.goto(`${base}/components`);
    await page.getByTestId('components-table').locator('tbody tr').first().waitFor();
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Search components, people, teams...').fill('orders');
    // Spotlight draws a group's heading from a CSS variable, so find the groups by it: the
    // resource and the API each under their kind's heading.
    const group = (heading: string) =>
      page.locator(`.mantine-Spotlight-actionsGroup[style*="'${heading}'"]`);
    await group('Resources')
      .getByRole('button', { name: /Orders DB/ })
      .waitFor();
    await group('APIs')
      .getByRole('button', { name: /Orders REST/ })
      .waitFor();
    await shot(page, '09-search');
    await page.getByRole('button', { name: /Orders REST/ }).click();
    await page.waitForURL(/\/apis\/default\/orders-rest$/);
  });
});

describe('the kinds as a member of another team', () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn('walt');
  });

  it("offers no edit or delete on the payments team's API, and no relation changes on its component", async () => {
    await page.goto(`${base}/apis/default/orders-rest`);
    await poll(() => page.getByTestId('entity-title').textContent()).toBe('Orders REST');
    await page
      .getByTestId('related-providers')
      .getByRole('link', { name: 'orders-service' })
      .waitFor();
    for (const name of ['Edit', 'Delete'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    await shot(page, '10-member-api-page');
    await page.goto(`${base}/components/default/orders-service`);
    const panel = page.getByTestId('component-entities');
    await panel.getByRole('link', { name: 'Orders REST' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Add' }).count()).toBe(0);
  });

  it("offers edit and delete on their own team's API", async () => {
    await page.goto(`${base}/apis/default/storefront-events`);
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await textbox(dialog, 'Title').fill('Storefront events');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByTestId('entity-title').textContent()).toBe('Storefront events');
    await page.getByTestId('entity-history').getByText('Storefront events').first().waitFor();
    await shot(page, '11-member-own-api');
  });

  it('creates a resource they own themselves: the form offers them as the owner', async () => {
    await page.goto(`${base}/catalog-resources`);
    await page.getByRole('button', { name: 'New resource' }).click();
    const dialog = page.getByRole('dialog');
    expect(await textbox(dialog, 'Owner').inputValue()).toBe('user:walt');
    await textbox(dialog, 'Name').fill('walt-scratch');
    await textbox(dialog, 'Type').fill('bucket');
    await dialog.getByRole('button', { name: 'Create resource' }).click();
    await page.waitForURL(/\/catalog-resources\/default\/walt-scratch$/);
    await page.getByTestId('owner-link').filter({ hasText: 'walt' }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
  });

  it('raised no page errors and no CSP or framing refusals', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('the kinds as an admin, again', () => {
  it('removes the relation from the component page, and the API no longer names the provider', async () => {
    const page = await loggedIn('admin');
    await page.goto(`${base}/components/default/orders-service`);
    const provides = page.getByTestId('component-entities').getByTestId('relations-providesApi');
    await provides.getByRole('link', { name: 'Orders REST' }).waitFor();
    await provides.getByRole('button', { name: 'Remove' }).click();
    // The confirmation asks once (a popover dialog) before anything is removed.
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await provides.getByText('none').waitFor();
    await page.goto(`${base}/apis/default/orders-rest`);
    await page.getByTestId('related-providers').getByText('none').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

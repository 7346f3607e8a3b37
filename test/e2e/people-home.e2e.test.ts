import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, openTab, requireWebBuild, submitLogin } from '../helpers/browser.js';

/**
 * People and responsibility, the home page and the small things (issue 6, points 12, 13, 16),
 * as an admin in the payments team and as Olga, a member of another team: the home page, a
 * person's components and roles, the history by person, "owned by my teams", tab titles, the
 * Ctrl+K highlight, and one save causing one reload. Screenshots go to test-results/e2e/.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';
const OLGA_PASSWORD = 'olga-password-123';

let t: TestApp;
let admin: TestUser;
let olga: TestUser;
let base: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function shot(on: Page, name: string): Promise<void> {
  await on.screenshot({ path: join(SHOTS, `people-home-${name}.png`), fullPage: true });
}

async function api(as: TestUser, method: string, url: string, payload?: unknown) {
  const response = await t.request(as, {
    method: method as 'GET',
    url,
    payload: payload as object,
  });
  if (response.statusCode >= 400)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000 });
}

async function logIn(on: Page, username: string, password: string, path = '/') {
  await on.goto(`${base}${path}`);
  await on.waitForURL(/\/login/);
  await poll(() => on.title()).toBe('Log in · Argus');
  await submitLogin(on, username, password);
}

/** The owner facet selection in the dashboard's URL (the router writes arrays as JSON). */
const ownersInUrl = (on: Page): unknown =>
  JSON.parse(new URL(on.url()).searchParams.get('owner') ?? '[]');

/** The component names in a responsibilities table, in order. */
const responsibleFor = (on: Page, testId: string) =>
  on.getByTestId(testId).locator('[data-testid="responsibilities"] tbody tr td:first-child a');

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  olga = await t.user('olga', { password: OLGA_PASSWORD });
  await api(admin, 'PATCH', '/api/people/olga', { name: 'Olga Other' });
  await api(admin, 'PATCH', '/api/people/admin', { name: 'Ada Admin' });
  await api(admin, 'POST', '/api/people', { username: 'bob', name: 'Bob Builder' });
  await api(admin, 'POST', '/api/reference/component_types', { name: 'service' });
  await api(admin, 'POST', '/api/teams', {
    name: 'payments',
    title: 'Payments team',
    members: ['admin', 'bob'],
  });
  await api(admin, 'POST', '/api/teams', {
    name: 'platform',
    title: 'Platform team',
    members: ['olga'],
  });
  for (const c of [
    { name: 'payment-gateway', title: 'Payment gateway', lifecycle: 'mature', owner: 'payments' },
    { name: 'payouts', title: 'Payouts', lifecycle: 'new', owner: 'payments' },
    { name: 'billing-api', title: 'Billing API', lifecycle: 'mature', owner: 'platform' },
    { name: 'old-reports', title: 'Old reports', lifecycle: 'legacy' },
  ])
    await api(admin, 'POST', '/api/components', { type: 'service', ...c });
  await api(admin, 'POST', '/api/components/default/payment-gateway/versions', {
    version: '1.0.0',
    people: { maintainer: ['bob'], qa_lead: ['olga'] },
  });
  await api(admin, 'POST', '/api/systems', {
    name: 'billing',
    title: 'Billing system',
    owner: 'group:platform',
  });
  // Olga's own change, for the history by person.
  await api(olga, 'PATCH', '/api/components/default/billing-api', {
    description: 'Invoices, by Olga',
  });

  base = await t.listen();
  browser = await launchChromium();
  page = await openTab(browser, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('people, home and small things, as an admin of the payments team', () => {
  it('opens on a home page: what Argus is, counts, my components, recent changes', async () => {
    await logIn(page, 'admin', PASSWORD);
    await page.waitForURL(`${base}/`);
    await page.getByRole('heading', { name: /Welcome to Argus/ }).waitFor();
    await poll(() => page.title()).toBe('Home · Argus');
    const counts = page.getByTestId('home-counts');
    await counts.getByText('4 components').waitFor();
    await counts.getByText('Payments team').waitFor();
    await counts.getByText('no owner').waitFor();
    await poll(() => responsibleFor(page, 'home-my-components').allTextContents()).toEqual([
      'Payment gateway',
      'Payouts',
    ]);
    await page.getByTestId('home-recent-changes').getByText('Invoices, by Olga').waitFor();
    // The areas to come are one line of text, not a column of disabled links.
    await page
      .getByTestId('coming-areas')
      .getByText(/monitoring, deployments/)
      .waitFor();
    expect(await page.getByRole('link', { name: 'Monitoring' }).count()).toBe(0);
    await shot(page, '01-home-admin');
  });

  it("shows a person's components and roles, teams and role holders by name", async () => {
    await page.goto(`${base}/people/olga`);
    await page.getByRole('heading', { name: 'Olga Other' }).waitFor();
    await poll(() => page.title()).toBe('olga · People · Argus');
    const roles = page.getByTestId('person-responsibilities');
    await roles.getByText('owner team member (platform)').waitFor();
    await roles.getByText('QA lead of 1.0.0').waitFor();
    await poll(() => responsibleFor(page, 'person-responsibilities').allTextContents()).toEqual([
      'Billing API',
      'Payment gateway',
    ]);
    await page.getByRole('link', { name: 'Platform team' }).waitFor();
    // Beside components, the other kinds her team owns.
    await page
      .getByTestId('owned-entities')
      .getByRole('link', { name: 'Billing system' })
      .waitFor();
    await shot(page, '02-person-roles');

    // The team page lists members by name; the component page names its owner team by title.
    await page.goto(`${base}/teams/payments`);
    await page.getByRole('link', { name: 'Bob Builder' }).waitFor();
    await page.getByRole('link', { name: 'Ada Admin' }).waitFor();
    await poll(() => page.title()).toBe('payments · Teams · Argus');
    await page.goto(`${base}/components/default/payment-gateway`);
    await poll(() => page.title()).toBe('payment-gateway · Components · Argus');
    await page.getByRole('link', { name: 'Payments team' }).first().waitFor();
    await page.getByRole('link', { name: 'Olga Other' }).first().waitFor();
    await shot(page, '03-component-names');
  });

  it('filters the history by person, kept in the URL', async () => {
    await page.goto(`${base}/history`);
    await poll(() => page.title()).toBe('History · Argus');
    const who = () =>
      page.locator('[data-testid="history"] tbody tr td:nth-child(2)').allTextContents();
    await poll(async () => new Set(await who()).size).toBeGreaterThan(1);
    await page.getByPlaceholder('anyone').click();
    await page.getByRole('option', { name: /Olga Other/ }).click();
    await poll(() => new URL(page.url()).searchParams.get('actor')).toBe('olga');
    // People are shown by name; the username is in the tooltip.
    await poll(who).toEqual(['Olga Other']);
    await page.getByText('Invoices, by Olga').waitFor();
    await page.getByRole('link', { name: 'component:default/billing-api' }).waitFor();
    await shot(page, '04-history-by-person');
    // The link reproduces the view.
    await page.reload();
    await poll(who).toEqual(['Olga Other']);
  });

  it('shows the components owned by my teams with one click', async () => {
    await page.goto(`${base}/components`);
    await poll(() => page.title()).toBe('Components · Argus');
    const names = () =>
      page.locator('[data-testid="components-table"] tbody tr td:first-child a').allTextContents();
    await poll(async () => (await names()).length).toBe(4);
    await page.getByRole('button', { name: 'Owned by me or my teams' }).click();
    await poll(() => ownersInUrl(page)).toEqual(['payments', 'admin']);
    await poll(names).toEqual(['payment-gateway', 'payouts']);
    await shot(page, '05-owned-by-me');
    await page.getByRole('button', { name: 'Owned by me or my teams' }).click();
    await poll(async () => (await names()).length).toBe(4);
  });

  it('highlights the palette item chosen with the keyboard', async () => {
    await page.goto(`${base}/components`);
    await page.getByTestId('components-table').waitFor();
    await page.keyboard.press('Control+k');
    const box = page.getByPlaceholder('Search components, people, teams...');
    await box.fill('pay');
    const actions = page.locator('.mantine-Spotlight-action');
    await poll(() => actions.count()).toBe(3);
    const selected = page.locator('.mantine-Spotlight-action[data-selected]');
    // The first hit is chosen as soon as the hits arrive; arrows move from there.
    await poll(() => selected.textContent()).toContain('Payment gateway');
    await box.press('ArrowDown');
    await poll(() => selected.textContent()).toContain('Payouts');
    expect(await selected.count()).toBe(1);
    const background = (locator: typeof selected) =>
      locator.evaluate((el) => getComputedStyle(el).backgroundColor);
    const other = page.locator('.mantine-Spotlight-action:not([data-selected])').first();
    expect(await background(selected)).not.toBe(await background(other));
    expect(await background(selected)).not.toBe('rgba(0, 0, 0, 0)');
    await shot(page, '06-palette-highlight');
    await box.press('Enter');
    await page.waitForURL(`${base}/components/default/payouts`);
  });

  it('reloads a component once after a save, with no aborted requests', async () => {
    const path = '/api/components/default/payment-gateway';
    await page.goto(`${base}/components/default/payment-gateway`);
    await poll(() => page.getByTestId('component-title').textContent()).toBe('Payment gateway');
    const gets: string[] = [];
    const aborted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname === path) gets.push(r.url());
    });
    page.on('requestfailed', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/') && !r.url().endsWith('/api/events'))
        aborted.push(r.url());
    });

    // The component's Edit (the first; versions have their own).
    await page.getByRole('button', { name: 'Edit', exact: true }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill('Payment gateway v2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByTestId('component-title').textContent()).toBe('Payment gateway v2');

    // Someone else's change comes down the same event stream after this tab's own: when it
    // shows, the tab has handled its own event too, and every reload has happened.
    await api(admin, 'PATCH', '/api/components/default/payment-gateway', {
      description: 'Checked by QA',
    });
    await page.getByTestId('description').getByText('Checked by QA').waitFor();
    await shot(page, '07-one-save-one-reload');
    // One reload for the save, one for the other person's change; never one per event.
    expect(gets).toHaveLength(2);
    expect(aborted).toEqual([]);
  });
});

describe('as Olga, a member of another team', () => {
  let olgaPage: Page;

  beforeAll(async () => {
    olgaPage = await openTab(browser, pageErrors);
  });
  afterAll(() => olgaPage?.context().close());

  it('sees her own components and roles on the home page', async () => {
    await logIn(olgaPage, 'olga', OLGA_PASSWORD);
    await olgaPage.waitForURL(`${base}/`);
    await poll(() => responsibleFor(olgaPage, 'home-my-components').allTextContents()).toEqual([
      'Billing API',
      'Payment gateway v2',
    ]);
    await olgaPage.getByTestId('home-my-components').getByText('QA lead of 1.0.0').waitFor();
    await shot(olgaPage, '08-home-other-team');
  });

  it('gets her team and what she owns herself, not the admin’s, from "Owned by me or my teams"', async () => {
    await api(olga, 'POST', '/api/components', {
      name: 'olgas-notebook',
      type: 'service',
      owner: 'user:olga',
    });
    await olgaPage.goto(`${base}/components`);
    await olgaPage.getByRole('button', { name: 'Owned by me or my teams' }).click();
    await poll(() => ownersInUrl(olgaPage)).toEqual(['platform', 'olga']);
    await poll(() =>
      olgaPage
        .locator('[data-testid="components-table"] tbody tr td:first-child a')
        .allTextContents(),
    ).toEqual(['billing-api', 'olgas-notebook']);
    await shot(olgaPage, '09-owned-by-my-teams-other');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

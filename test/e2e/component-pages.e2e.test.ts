import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';

/**
 * Component pages as an admin and as a member of another team would use them, at 1440x900:
 * a Markdown description (and a `<script>` in it shown as text), the components table with
 * every chosen column readable and its header in view, the column chooser, the QA card, the
 * graph walked upstream and downstream, and a page that offers the other-team member only what
 * the server lets them do. Screenshots: test-results/e2e/component-pages-*.png.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';
const CHECKOUT = '/components/default/checkout-service';
const SCRIPT = "<script>alert('owned')</script>";

let t: TestApp;
let admin: TestUser;
let base: string;
let browser: Browser;
const pageErrors: string[] = [];

async function api(method: string, url: string, payload?: unknown) {
  const res = await t.request(admin, { method: method as 'GET', url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const poll = <T>(read: () => T | Promise<T>, timeout = 5_000) => expect.poll(read, { timeout });

/** A logged-in browser tab of its own (cookies and localStorage apart from the others). */
async function loggedIn(username: string): Promise<Page> {
  const page = await openTab(browser, pageErrors, { label: username });
  await logIn(page, base, username, PASSWORD);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `component-pages-${name}.png`), fullPage: true });

/** Rectangles that overlap (by more than a pixel). */
type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x + 1 < b.x + b.width &&
  b.x + 1 < a.x + a.width &&
  a.y + 1 < b.y + b.height &&
  b.y + 1 < a.y + a.height;

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  for (const [list, names] of Object.entries({
    component_types: ['service', 'website', 'database', 'library'],
    categories: ['Commerce', 'Platform'],
    languages: ['go', 'typescript', 'java', 'kotlin', 'python'],
  }))
    for (const name of names) await api('POST', `/api/reference/${list}`, { name });
  await api('POST', '/api/teams', { name: 'payments', title: 'Payments team' });
  await api('POST', '/api/teams', { name: 'web', title: 'Web team' });
  await t.user('olivia', { password: PASSWORD, teams: ['payments'] });
  await t.user('walt', { password: PASSWORD, teams: ['web'] });
  await t.user('quinn', { password: PASSWORD });

  await api('POST', '/api/components', {
    name: 'checkout-service',
    title: 'Checkout service',
    type: 'service',
    lifecycle: 'experimental',
    category: 'Commerce',
    owner: 'payments',
    tags: ['pci', 'critical-path', 'customer-facing', 'tier-1', 'eu-only', 'payments'],
    description: [
      '## Runbook',
      '',
      'Takes the basket to an order. See [the checkout docs](https://docs.example.com/checkout).',
      '',
      SCRIPT,
      '',
      '- retries twice',
      '- [evil link](javascript:alert(1))',
    ].join('\n'),
  });
  await api('POST', `/api${CHECKOUT}/versions`, {
    version: '2.0.0',
    languages: ['go', 'typescript'],
    releaseNotes: '### Changes\n\n- **faster** basket totals',
    qa: {
      unit: { rating: 'high', notes: '' },
      e2e: {
        rating: 'low',
        notes:
          'Only the happy path is covered; the payment provider sandbox flakes under load, so the suite retries every scenario three times and still fails about once a week on Mondays.',
      },
      perf: { rating: 'med', notes: 'k6 at 2x peak' },
      security: { rating: 'none', notes: '' },
      manual: { rating: 'n/a', notes: '' },
    },
    people: { maintainer: ['olivia'], qa_lead: ['quinn'] },
  });
  await api('POST', `/api${CHECKOUT}/versions/2.0.0/deployments`, { serviceName: 'checkout' });

  // The graph: a chain up (checkout -> payments-api -> ledger-db) and down (mobile-app ->
  // storefront -> checkout), and side branches that a walk from checkout must not reach.
  const more: [string, string, string][] = [
    ['payments-api', 'payments', 'mature'],
    ['ledger-db', 'payments', 'legacy'],
    ['storefront', 'web', 'mature'],
    ['mobile-app', 'web', 'new'],
    ['reports', 'payments', 'deprecated'],
    ['cdn-edge', 'web', 'mature'],
  ];
  for (const [name, owner, lifecycle] of more)
    await api('POST', '/api/components', { name, owner, lifecycle, type: 'service' });
  for (const [from, to] of [
    ['checkout-service', 'payments-api'],
    ['payments-api', 'ledger-db'],
    ['storefront', 'checkout-service'],
    ['mobile-app', 'storefront'],
    ['reports', 'payments-api'],
    ['storefront', 'cdn-edge'],
  ])
    await api('POST', '/api/dependencies', { from, to, type: 'strong_rw' });
  // Enough rows that the table scrolls under its header.
  for (let i = 1; i <= 40; i++) {
    await api('POST', '/api/components', {
      name: `filler-${String(i).padStart(2, '0')}`,
      title: `A component with a rather long title to wrap, number ${i}`,
      type: 'library',
      lifecycle: ['experimental', 'deprecated', 'mature', 'eol'][i % 4],
      category: 'Platform',
      owner: i % 2 ? 'payments' : 'web',
      tags: ['internal', `group-${i % 5}`, 'shared-library'],
    });
  }

  base = await t.listen();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('component pages as an admin', () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn('admin');
  });

  it('renders the description as Markdown: heading, safe link, a script tag as text', async () => {
    await page.goto(`${base}${CHECKOUT}`);
    const description = page.getByTestId('description');
    await description.getByRole('heading', { name: 'Runbook' }).waitFor();
    const link = description.getByRole('link', { name: 'the checkout docs' });
    expect(await link.getAttribute('href')).toBe('https://docs.example.com/checkout');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    await description.getByText(SCRIPT).waitFor();
    expect(await description.locator('script').count()).toBe(0);
    // The javascript: link keeps its words and loses its target.
    await description.getByText('evil link').waitFor();
    expect(await description.locator('a[href^="javascript"]').count()).toBe(0);
    await page.getByTestId('release-notes').getByRole('heading', { name: 'Changes' }).waitFor();
    await shot(page, 'admin-description');
  });

  it('offers the owner-level actions to an admin', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Add version' }).waitFor();
    await page.getByRole('button', { name: 'Add deployment' }).waitFor();
    await page.getByRole('combobox', { name: 'Dependency target' }).waitFor();
  });

  it('records a deployment through its dialog, refusing a port that is not one in place', async () => {
    const services = async () => {
      const { versions } = await api('GET', `/api${CHECKOUT}`);
      const v = (versions as { version: string; deployments: { serviceName: string }[] }[]).find(
        (x) => x.version === '2.0.0',
      );
      return v?.deployments.map((d) => d.serviceName).sort();
    };
    await page.getByRole('button', { name: 'Add deployment' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Service name').fill('checkout-canary');
    await dialog.getByLabel('Open ports').fill('99999');
    await dialog.getByLabel('Open ports').press('Enter');
    await dialog.getByRole('button', { name: 'Record deployment' }).click();
    await dialog.getByText('ports are whole numbers 1-65535').waitFor();
    expect(await services()).toEqual(['checkout']);
    await dialog.getByLabel('Open ports').press('Backspace');
    await dialog.getByLabel('Open ports').fill('8443');
    await dialog.getByLabel('Open ports').press('Enter');
    await dialog.getByRole('button', { name: 'Record deployment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await services()).toEqual(['checkout', 'checkout-canary']);
  });

  it('shows QA ratings as words with distinct colours, notes inside the card', async () => {
    const card = page.getByTestId('qa-card');
    await card.scrollIntoViewIfNeeded();
    const rating = (kind: string) => card.locator(`[data-qa="${kind}"] [data-rating]`);
    expect(await rating('e2e').textContent()).toContain('low');
    expect(await rating('perf').textContent()).toContain('medium');
    expect(await rating('unit').textContent()).toContain('high');
    const colour = (kind: string) =>
      rating(kind)
        .locator('.mantine-Badge-root')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    const colours = await Promise.all(
      ['none', 'low', 'med', 'high'].map((_, i) => colour(['security', 'e2e', 'perf', 'unit'][i]!)),
    );
    expect(new Set(colours).size).toBe(4);
    const cardBox = (await card.boundingBox())!;
    const note = card.locator('[data-qa="e2e"] td').nth(2);
    const noteBox = (await note.boundingBox())!;
    expect(noteBox.x + noteBox.width).toBeLessThanOrEqual(cardBox.x + cardBox.width + 1);
    expect(await note.textContent()).toContain('Mondays');
    await card.screenshot({ path: join(SHOTS, 'component-pages-qa-card.png') });
  });

  it('fits the components table at 1440x900: every chosen column whole, no badge cut', async () => {
    await page.goto(`${base}/components`);
    const table = page.getByTestId('components-table');
    await poll(() => table.locator('tbody tr').count()).toBe(47);
    const headers = await table.locator('thead th[data-column]').allInnerTexts();
    expect(headers.map((h) => h.replace(/[▲▼↕]/g, '').trim())).toEqual([
      'Name',
      'Type',
      'Lifecycle',
      'Category',
      'Owner',
      'Tags',
      'Languages',
      'Highest version',
      'Updated',
    ]);
    await shot(page, 'admin-table-1440');
    const fit = await page.getByTestId('components-scroll').evaluate((scroller) => {
      const cut = [...scroller.querySelectorAll('td, .mantine-Badge-label')].filter(
        (cell) => cell.scrollWidth > cell.clientWidth + 1,
      );
      return {
        sideways: scroller.scrollWidth - scroller.clientWidth,
        cut: cut.map((c) => c.textContent),
        right: scroller.getBoundingClientRect().right,
      };
    });
    expect(fit.cut).toEqual([]);
    expect(fit.sideways).toBeLessThanOrEqual(1);
    expect(fit.right).toBeLessThanOrEqual(1440);
    await table.getByText('experimental').first().waitFor();
  });

  it('keeps the header in view while the rows scroll', async () => {
    const table = page.getByTestId('components-table');
    const header = table.locator('thead');
    const before = (await header.boundingBox())!;
    const scroller = page.getByTestId('components-scroll');
    await scroller.evaluate((el) => {
      el.scrollTop = 800;
    });
    await poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(700);
    const after = (await header.boundingBox())!;
    expect(Math.abs(after.y - before.y)).toBeLessThan(2);
    await page.screenshot({ path: join(SHOTS, 'component-pages-admin-sticky-header.png') });
  });

  it('lets people choose columns, remembered after a reload', async () => {
    const table = page.getByTestId('components-table');
    await page.getByRole('button', { name: 'Choose columns' }).click();
    const chooser = page.getByTestId('column-chooser');
    await chooser.getByRole('checkbox', { name: 'System' }).check();
    await chooser.getByRole('checkbox', { name: 'Tags' }).uncheck();
    await poll(() => table.locator('thead th[data-column="system"]').count()).toBe(1);
    await poll(() => table.locator('thead th[data-column="tags"]').count()).toBe(0);
    await shot(page, 'admin-column-chooser');
    await page.reload();
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('thead th[data-column="system"]').count()).toBe(1);
    expect(await table.locator('thead th[data-column="tags"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Choose columns' }).click();
    await page.getByRole('button', { name: 'Default columns' }).click();
    await poll(() => table.locator('thead th[data-column="tags"]').count()).toBe(1);
  });

  it('walks the graph upstream, downstream and both ways from the centre only', async () => {
    const expected = { upstream: 3, downstream: 3, both: 5 };
    for (const [direction, count] of Object.entries(expected)) {
      await page.goto(
        `${base}/graph?root=default%2Fcheckout-service&depth=2&direction=${direction}`,
      );
      await poll(() => page.getByTestId('graph-node').count(), 15_000).toBe(count);
      await poll(() => page.getByTestId('graph-stats').textContent()).toContain(
        `${count} components`,
      );
      const names = await page.getByTestId('graph-node').allInnerTexts();
      expect(names.join(' ')).not.toContain('reports');
      expect(names.join(' ')).not.toContain('cdn-edge');
      // Neither the legend nor the minimap covers a node.
      const covers = [
        (await page.getByTestId('graph-legend').boundingBox())!,
        (await page.locator('.react-flow__minimap').boundingBox())!,
      ];
      for (const node of await page.getByTestId('graph-node').all()) {
        const box = (await node.boundingBox())!;
        for (const cover of covers) expect(overlaps(box, cover)).toBe(false);
      }
      await shot(page, `admin-graph-${direction}`);
    }
    // The direction control switches the walk and keeps it in the URL.
    await page.locator('label', { hasText: 'depends on' }).click();
    await poll(() => page.getByTestId('graph-node').count(), 15_000).toBe(3);
    expect(new URL(page.url()).searchParams.get('direction')).toBe('upstream');
  });
});

describe('component pages as a member of another team', () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn('walt');
  });

  it('shows no Edit, Delete, add-version, deployment or add-dependency controls', async () => {
    await page.goto(`${base}${CHECKOUT}`);
    await page.getByTestId('description').getByRole('heading', { name: 'Runbook' }).waitFor();
    await page.getByTestId('qa-card').waitFor();
    for (const name of ['Edit', 'Delete', 'Add version', 'Add deployment'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Dependency target' }).count()).toBe(0);
    expect(await page.getByTestId('versions').getByRole('button', { name: 'Remove' }).count()).toBe(
      0,
    );
    // storefront is walt's team's: the one dependency it starts may be removed, the other not.
    const dependencies = page.getByTestId('dependencies');
    const removes = dependencies.getByRole('button', { name: 'Remove' });
    await poll(() => removes.count()).toBe(1);
    expect(
      await dependencies
        .locator('tr', { has: page.getByRole('button', { name: 'Remove' }) })
        .textContent(),
    ).toContain('storefront');
    await shot(page, 'other-team-component');
  });

  it('offers Edit on their own team only', async () => {
    await page.goto(`${base}/teams/payments`);
    await page.getByRole('heading', { name: 'Payments team' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    await shot(page, 'other-team-team-page');
    await page.goto(`${base}/teams/web`);
    await page.getByRole('heading', { name: 'Web team' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    // A member edits the team, but moving it is for admins: the parent field is locked.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('only admins move a team').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Title' }).isDisabled()).toBe(false);
    expect(await dialog.getByLabel('Parent team').first().isDisabled()).toBe(true);
    await shot(page, 'other-team-own-team-form');
  });
});

describe('component pages as a QA lead outside the owner team', () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn('quinn');
  });

  it('offers Edit on their version with only the QA fields open, and saves them', async () => {
    await page.goto(`${base}${CHECKOUT}`);
    const versions = page.getByTestId('versions');
    await versions.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.getByTestId('role-fields').textContent()).toContain('qa');
    expect(await dialog.getByLabel('Code size (KLOC)').isDisabled()).toBe(true);
    expect(await dialog.getByLabel('Release notes').isDisabled()).toBe(true);
    const security = dialog.getByRole('combobox', { name: 'security', exact: true });
    expect(await security.isDisabled()).toBe(false);
    await security.click();
    await page.getByRole('option', { name: 'low' }).click();
    await shot(page, 'qa-lead-version-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() =>
      page
        .getByTestId('qa-card')
        .locator('[data-qa="security"] [data-rating]')
        .getAttribute('data-rating'),
    ).toBe('low');
    for (const name of ['Delete', 'Add version', 'Add deployment'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
  });
});

describe('a component owned by a person', () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn('quinn');
  });

  it('is created by that person through the form, picking themselves among the people', async () => {
    await page.goto(`${base}/components`);
    await page.getByRole('button', { name: 'New component' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('quinns-tool');
    const owner = dialog.getByLabel('Owner', { exact: true });
    await owner.click();
    // Teams and people, each under its heading.
    const options = page.getByRole('listbox');
    await options.getByText('Teams', { exact: true }).waitFor();
    await options.getByText('People', { exact: true }).waitFor();
    await owner.fill('quin');
    await page.getByRole('option', { name: 'quinn', exact: true }).click();
    expect(await owner.inputValue()).toBe('quinn');
    await shot(page, 'person-owner-form');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/components\/default\/quinns-tool$/);
    // The page names the owner and links to their page; its owner may edit it.
    const ownerLink = page.getByTestId('owner-link');
    await poll(() => ownerLink.getAttribute('href')).toBe('/people/quinn');
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await shot(page, 'person-owner-component');
  });

  it('shows the person as the owner in the list, and the component on their page', async () => {
    await page.goto(`${base}/components`);
    const row = page
      .getByTestId('components-table')
      .locator('tbody tr', { hasText: 'quinns-tool' });
    const link = row.getByRole('link', { name: 'quinn', exact: true });
    await poll(() => link.getAttribute('href')).toBe('/people/quinn');
    await link.click();
    await page.waitForURL(/\/people\/quinn$/);
    const owned = page
      .getByTestId('person-responsibilities')
      .locator('tr', { hasText: 'quinns-tool' });
    await poll(() => owned.textContent()).toContain('owner');
    await shot(page, 'person-owner-person-page');
  });
});

describe('the browser', () => {
  it('raised no error in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});

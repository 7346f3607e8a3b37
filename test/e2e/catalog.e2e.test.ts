import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, openTab, requireWebBuild, submitLogin } from '../helpers/browser.js';

/**
 * The catalog through the browser: log in, filter the dashboard with the DSL (and see a broken
 * filter's column), create and edit a component, read its history, open the dependency graph.
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
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
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

/** Waits for the page to reach a state: pages load and refetch asynchronously. */
function poll<T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(read, { timeout: options.timeout ?? 5_000 });
}

/** Opens the import page, chooses a CSV file and starts its import; `before` runs just before. */
async function uploadCsv(name: string, csv: string, before?: () => Promise<void>) {
  await page.goto(`${base}/transfer`);
  await page.getByLabel('Format').first().click();
  await page.getByRole('option', { name: 'Spreadsheet (XLSX or CSV)' }).click();
  await page
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await before?.();
  await page.getByRole('button', { name: 'Import' }).click();
}

/** The names in the dashboard table, in order. */
async function tableNames(): Promise<string[]> {
  return page
    .locator('[data-testid="components-table"] tbody tr td:first-child a')
    .allTextContents();
}

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });

  for (const [list, names] of Object.entries({
    component_types: ['service', 'library', 'database'],
    categories: ['Payments', 'Platform'],
    languages: ['go', 'java', 'typescript'],
  })) {
    for (const name of names) await api('POST', `/api/reference/${list}`, { name });
  }
  await api('POST', '/api/teams', { name: 'payments', title: 'Payments team', members: ['admin'] });
  await api('POST', '/api/teams', { name: 'platform', title: 'Platform team' });
  const components = [
    {
      name: 'payment-gateway',
      title: 'Payment gateway',
      type: 'service',
      lifecycle: 'mature',
      category: 'Payments',
      owner: 'payments',
      tags: ['pci', 'edge'],
      description: 'Takes card payments.\nTalks to the acquirers.',
    },
    {
      name: 'payment-ledger',
      title: 'Payment ledger',
      type: 'service',
      lifecycle: 'mature',
      category: 'Payments',
      owner: 'payments',
      tags: ['pci'],
    },
    {
      name: 'payouts',
      title: 'Payouts',
      type: 'service',
      lifecycle: 'new',
      category: 'Payments',
      owner: 'payments',
    },
    {
      name: 'billing-api',
      title: 'Billing API',
      type: 'service',
      lifecycle: 'mature',
      category: 'Platform',
      owner: 'platform',
    },
    {
      name: 'postgres-main',
      title: 'Main PostgreSQL',
      type: 'database',
      lifecycle: 'legacy',
      category: 'Platform',
      owner: 'platform',
    },
  ];
  for (const c of components) await api('POST', '/api/components', c);
  await api('POST', '/api/components/default/payment-gateway/versions', {
    version: '1.9.0',
    languages: ['go'],
    people: { maintainer: ['admin'] },
  });
  await api('POST', '/api/components/default/payment-gateway/versions', {
    version: '1.10.0',
    languages: ['go', 'typescript'],
    people: { maintainer: ['admin'], qa_lead: ['admin'] },
  });
  await api('POST', '/api/dependencies', {
    from: 'payment-gateway',
    to: 'payment-ledger',
    type: 'strong_rw',
    notes: 'books every payment',
  });
  await api('POST', '/api/dependencies', {
    from: 'payment-ledger',
    to: 'postgres-main',
    type: 'strong_rw',
  });
  await api('POST', '/api/dependencies', {
    from: 'payment-gateway',
    to: 'postgres-main',
    type: 'weak_ro',
  });
  await api('POST', '/api/dependencies', {
    from: 'billing-api',
    to: 'payment-gateway',
    type: 'compile_time',
  });

  base = await t.listen();
  browser = await launchChromium();
  page = await openTab(browser, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('catalog in the browser', () => {
  it('sends an anonymous visitor to log in, then back to the page asked for', async () => {
    await page.goto(`${base}/components?sort=-updated`);
    await page.waitForURL(/\/login\?redirect=/);
    await shot('01-login');
    await submitLogin(page, 'admin', 'wrong-password-123');
    await page.getByRole('alert').waitFor();
    await submitLogin(page, 'admin', PASSWORD);
    await page.waitForURL(/\/components\?sort=-updated$/);
    await page.getByTestId('components-table').waitFor();
    await poll(tableNames).toHaveLength(5);
    await shot('02-dashboard');
  });

  it('filters the dashboard with a DSL expression, kept in the URL', async () => {
    await page.goto(`${base}/components`);
    const input = page.getByTestId('filter-input');
    await input.fill('lifecycle = "mature" AND name LIKE "pay%"');
    await input.press('Enter');
    await poll(tableNames).toEqual(['payment-gateway', 'payment-ledger']);
    expect(new URL(page.url()).searchParams.get('filter')).toBe(
      'lifecycle = "mature" AND name LIKE "pay%"',
    );
    await poll(() => page.getByTestId('result-count').textContent()).toBe('2 components');
    await shot('03-dsl-filter');

    // A reload of the link reproduces the view.
    await page.reload();
    await poll(tableNames).toEqual(['payment-gateway', 'payment-ledger']);
  });

  it('points at the column of a broken filter', async () => {
    const broken = 'lifecycle = "mature" AND name LIKE';
    const answer = await t.request(admin, {
      method: 'GET',
      url: `/api/components?filter=${encodeURIComponent(broken)}`,
    });
    expect(answer.statusCode).toBe(400);
    const column = answer.json().column as number;
    expect(column).toBeGreaterThan(1);

    const input = page.getByTestId('filter-input');
    await input.fill(broken);
    await input.press('Enter');
    const caret = page.getByTestId('filter-caret');
    await caret.waitFor();
    await poll(() => caret.getAttribute('data-column')).toBe(String(column));
    const caretLine = (await caret.textContent())!.split('\n')[1]!;
    expect(caretLine.indexOf('^')).toBe(column - 1);
    await expect
      .poll(() => page.getByTestId('filter-error').textContent())
      .toContain(`column ${column}`);
    await shot('04-dsl-error');

    // The message names the whole token found, and the caret sits under its first character.
    const doubled = 'lifecycle = "mature" AND AND name = "x"';
    await input.fill(doubled);
    await input.press('Enter');
    await poll(() => caret.getAttribute('data-column')).toBe('26');
    await expect
      .poll(() => page.getByTestId('filter-error').textContent())
      .toContain('line 1, column 26: expected "(", NOT or field name but found "AND"');
    expect((await caret.textContent())!.split('\n')[1]!.indexOf('^')).toBe(25);
    await shot('04b-dsl-error-token');
  });

  it('composes facet selections with the filter', async () => {
    await page.goto(`${base}/components`);
    await page
      .getByTestId('facet-lifecycle')
      .getByRole('checkbox', { name: /mature/ })
      .check();
    await poll(tableNames).toEqual(['billing-api', 'payment-gateway', 'payment-ledger']);
    await page
      .getByTestId('facet-owner')
      .getByRole('checkbox', { name: /payments/ })
      .check();
    await poll(tableNames).toEqual(['payment-gateway', 'payment-ledger']);
    expect(new URL(page.url()).searchParams.get('owner')).toContain('payments');
    await shot('05-facets');
    // Reset view clears the selections (and goes away): every component again.
    await page.getByRole('button', { name: 'Reset view' }).click();
    await poll(tableNames).toHaveLength(5);
    expect(new URL(page.url()).searchParams.get('owner')).toBeNull();
    await page.getByRole('button', { name: 'Reset view' }).waitFor({ state: 'detached' });
  });

  it('creates a component through the form', async () => {
    await page.goto(`${base}/components`);
    await page.getByRole('button', { name: 'New component' }).click();
    const dialog = page.getByRole('dialog');
    // A name that exists already: the server's 400 shows next to the Name field.
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('payment-gateway');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await poll(() => dialog.locator('.mantine-InputWrapper-error').first().textContent()).toContain(
      'already exists',
    );
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('fraud-scoring');
    await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill('Fraud scoring');
    await dialog
      .getByRole('textbox', { name: 'Description', exact: true })
      .fill('Scores every payment.\nBlocks the obvious fraud.');
    await dialog.getByLabel('Owner', { exact: true }).click();
    await page.getByRole('option', { name: 'payments' }).click();
    await shot('06-create-form');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/components\/default\/fraud-scoring$/);
    await expect
      .poll(() => page.getByTestId('component-title').textContent())
      .toBe('Fraud scoring');
    await expect
      .poll(() => page.getByTestId('description').textContent())
      .toContain('Scores every payment.');
  });

  it('edits a field and shows the change in the history, old and new', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill('Fraud scoring engine');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByTestId('component-title').textContent())
      .toBe('Fraud scoring engine');
    const row = page
      .getByTestId('history')
      .locator('tbody tr', { hasText: 'Title' })
      .filter({ hasText: 'update' });
    await poll(() => row.count()).toBe(1);
    await poll(() => row.textContent()).toContain('Fraud scoring');
    await poll(() => row.textContent()).toContain('Fraud scoring engine');
    await poll(() => row.textContent()).toContain('admin');
    await shot('07-component-history');
  });

  it('shows owners of the latest version and dependencies both ways', async () => {
    await page.goto(`${base}/components/default/payment-gateway`);
    await poll(() => page.getByTestId('latest-note').textContent()).toContain('1.10.0');
    await expect
      .poll(() =>
        page.getByTestId('versions').locator('.mantine-Accordion-item').first().textContent(),
      )
      .toContain('latest');
    const deps = page.getByTestId('dependencies');
    await poll(() => deps.textContent()).toContain('payment-ledger');
    await poll(() => deps.textContent()).toContain('billing-api');
    await shot('08-component-page');
    await page.getByTestId('versions').getByRole('button', { name: 'Edit' }).first().click();
    await page.getByRole('dialog').getByText('People by role (usernames)').waitFor();
    await shot('08b-version-form');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Someone else's change reaches the open page through /api/events, without a reload.
    await api('PATCH', '/api/components/default/payment-gateway', {
      title: 'Card payment gateway',
    });
    await poll(() => page.getByTestId('component-title').textContent()).toBe(
      'Card payment gateway',
    );
  });

  it('draws the dependency graph around a component', async () => {
    await page.goto(`${base}/graph?root=default%2Fpayment-gateway&depth=2`);
    await poll(() => page.getByTestId('graph-node').count(), { timeout: 15_000 }).toBe(4);
    const refs = await page
      .getByTestId('graph-node')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-ref')).sort());
    expect(refs).toEqual([
      'component:default/billing-api',
      'component:default/payment-gateway',
      'component:default/payment-ledger',
      'component:default/postgres-main',
    ]);
    await page.getByTestId('graph-legend').waitFor();
    await shot('09-graph');

    // Clicking a node re-roots the graph on it.
    await page.locator('[data-ref="component:default/postgres-main"]').click();
    await page.waitForURL(/root=default%2Fpostgres-main/);
    await poll(() => page.getByTestId('graph-stats').textContent()).toContain('components');
  });

  it('shows a team with its members and the components it owns', async () => {
    await page.goto(`${base}/teams/payments`);
    await expect
      .poll(tableNames)
      .toEqual(['fraud-scoring', 'payment-gateway', 'payment-ledger', 'payouts']);
    await poll(() => page.locator('main').textContent()).toContain('admin');
    await shot('11-team');
  });

  it('says why a reference item in use cannot be deleted', async () => {
    await page.goto(`${base}/reference?list=categories`);
    const row = page.getByTestId('reference-items').locator('tbody tr', { hasText: 'Payments' });
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.locator('.mantine-Popover-dropdown').getByRole('button', { name: 'Delete' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not deleted' });
    await alert.waitFor();
    await shot('12-reference-in-use');
  });

  it('creates an API token and shows its secret once', async () => {
    await page.goto(`${base}/tokens`);
    await page.getByRole('textbox', { name: 'Name' }).fill('ci-pipeline');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('issued-token').textContent())!;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.json().username).toBe('admin');
    await poll(() => page.locator('table').textContent()).toContain('ci-pipeline');
    await shot('13-tokens');
  });

  it('shows the people list and the import/export page', async () => {
    await page.goto(`${base}/people`);
    await poll(() => page.getByTestId('people-table').textContent()).toContain('admin');
    await shot('14-people');
    await page.goto(`${base}/transfer`);
    await page.getByTestId('import-panel').waitFor();
    await page
      .getByTestId('export-panel')
      .getByRole('link', { name: 'Argus JSON (full backup)' })
      .waitFor();
    await shot('15-transfer');
  });

  it('uploads a spreadsheet for import and shows row errors, then the report', async () => {
    // Row 3 names a team that does not exist: the whole file is refused, row by row.
    await uploadCsv(
      'broken.csv',
      'Name,Owner,Lifecycle\nledger-v2,payments,mature\nledger-v3,nobody,mature\n',
    );
    const errors = page.getByTestId('import-errors');
    await poll(() => errors.locator('tbody tr').count()).toBe(1);
    await poll(() => errors.locator('tbody tr').first().textContent()).toMatch(/^3Owner.*nobody/);
    await shot('15b-import-errors');
    expect(
      (await t.request(admin, { method: 'GET', url: '/api/components/default/ledger-v2' }))
        .statusCode,
    ).toBe(404);

    await uploadCsv('fixed.csv', 'Name,Owner,Lifecycle\nledger-v2,payments,mature\n');
    const report = page.getByTestId('import-result');
    await poll(() => report.textContent()).toContain('component');
    await shot('15c-import-report');
    const imported = await api('GET', '/api/components/default/ledger-v2');
    expect(imported.component.owner).toBe('payments');
  });

  it('finds things with the global search (Ctrl+K)', async () => {
    await page.goto(`${base}/components`);
    await page.getByTestId('components-table').waitFor();
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Search components, people, teams...').fill('ledger');
    const hit = page.getByRole('button', { name: /Payment ledger/ });
    await hit.waitFor();
    await shot('10-search');
    await hit.click();
    await page.waitForURL(/\/components\/default\/payment-ledger$/);
    await shot('10b-search-result');
    expect(pageErrors).toEqual([]);
  });

  // Last: it adds thousands of components that earlier steps should not see.
  it('follows a large import live, phase by phase, to its report', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `bulk-${i},1.0,payments`);
    await uploadCsv('bulk.csv', ['Name,Version,Owner', ...rows].join('\n'), () =>
      // Every text the live progress line shows, however briefly, and when; and when the
      // report appeared.
      page.evaluate(() => {
        const record = { seen: [] as { text: string; at: number }[], reportAt: 0 };
        (window as unknown as { importRecord: typeof record }).importRecord = record;
        new MutationObserver(() => {
          const line = document.querySelector('[data-testid="import-server-progress"]');
          const text = line?.textContent ?? '';
          if (text && record.seen.at(-1)?.text !== text)
            record.seen.push({ text, at: performance.now() });
          if (!record.reportAt && document.querySelector('[data-testid="import-result"]'))
            record.reportAt = performance.now();
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    );
    // The server runs in this process and the embedded import holds its event loop, so the
    // test cannot look while the import runs; the page's own record above is what it saw.
    const report = page.getByTestId('import-result');
    await poll(() => report.textContent(), { timeout: 60_000 }).toContain('4000');
    await shot('15d-import-large');
    const { seen, reportAt } = await page.evaluate(
      () =>
        (
          window as unknown as {
            importRecord: { seen: { text: string; at: number }[]; reportAt: number };
          }
        ).importRecord,
    );
    // The server's writing phases with counts, shown while they run: events held back to the
    // end of the import would all arrive with the report.
    const writing = seen.filter((s) => /^(Components|Versions): [\d,]+ of 4,000 /.test(s.text));
    expect(writing.length, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(reportAt - writing[0]!.at, JSON.stringify({ seen, reportAt })).toBeGreaterThan(150);
    expect((await api('GET', '/api/components/default/bulk-3999')).component.owner).toBe(
      'payments',
    );
    expect(pageErrors).toEqual([]);
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, requireWebBuild, submitLogin } from '../helpers/browser.js';

/**
 * The Content-Security-Policy Argus sends lets the whole web app and the API reference work:
 * Chromium reports no violation on any page, through three channels (the page's
 * `securitypolicyviolation` events, the console, and DevTools issues, which also cover the
 * graph's layout worker). Screenshots go to test-results/e2e/.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';

let t: TestApp;
let admin: TestUser;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const violations: string[] = [];
const pageErrors: string[] = [];

async function api(method: string, url: string, payload?: unknown) {
  const res = await t.request(admin, { method: method as 'GET', url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Opens a page and waits until it shows `ready`; violations are collected all along. */
async function visit(path: string, ready: () => Promise<unknown>, shot: string) {
  await page.goto(`${base}${path}`);
  await ready();
  // Fonts settle and a frame is painted, so late style work has reported too. Not
  // `networkidle`: the event stream of the app is a request that never ends.
  await page.evaluate(() =>
    document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(done))),
  );
  await page.screenshot({ path: join(SHOTS, `csp-${shot}.png`) });
}

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  await api('POST', '/api/reference/languages', { name: 'go' });
  await api('POST', '/api/teams', { name: 'payments', title: 'Payments', members: ['admin'] });
  for (const name of ['payment-gateway', 'payment-ledger', 'postgres-main']) {
    await api('POST', '/api/components', { name, owner: 'payments', tags: ['pci'] });
  }
  await api('POST', '/api/components/default/payment-gateway/versions', {
    version: '1.0.0',
    languages: ['go'],
  });
  await api('POST', '/api/dependencies', {
    from: 'payment-gateway',
    to: 'payment-ledger',
    type: 'strong_rw',
  });
  await api('POST', '/api/dependencies', {
    from: 'payment-ledger',
    to: 'postgres-main',
    type: 'strong_rw',
  });

  base = await t.listen();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(15_000);
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    violations.push(`event: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.documentURI}`);
    });
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) {
      violations.push(`console: ${message.text()}`);
    }
  });
  const devtools = await context.newCDPSession(page);
  devtools.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') {
      const details = issue.details.contentSecurityPolicyIssueDetails;
      violations.push(
        `issue: ${details?.violatedDirective} blocked ${details?.blockedURL ?? '(inline)'}`,
      );
    }
  });
  await devtools.send('Audits.enable');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('the Content-Security-Policy in Chromium', () => {
  it('is sent with the app, and the login page breaks none of it', async () => {
    const response = await page.goto(`${base}/components`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('input[name=username]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'csp-login.png') });
    await submitLogin(page, 'admin', PASSWORD);
    await page.waitForURL(/\/components$/);
    await page.getByTestId('components-table').waitFor();
    expect(violations).toEqual([]);
  });

  it('lets every page of the app work without a violation', async () => {
    await visit('/', () => page.getByTestId('home-recent-changes').waitFor(), 'home');
    await visit('/components', () => page.getByTestId('components-table').waitFor(), 'dashboard');
    await visit('/history', () => page.getByTestId('history').waitFor(), 'history');
    await visit(
      '/components/default/payment-gateway',
      () => page.getByTestId('versions').waitFor(),
      'component',
    );
    await visit(
      '/graph?root=default%2Fpayment-gateway&depth=2',
      // Drawn only once elk's worker has laid the graph out.
      () => page.getByTestId('graph-node').first().waitFor(),
      'graph',
    );
    expect(await page.getByTestId('graph-node').count()).toBe(3);
    await visit('/people', () => page.getByText('admin').first().waitFor(), 'people');
    await visit('/people/admin', () => page.getByText('admin').first().waitFor(), 'person');
    await visit('/teams', () => page.getByText('Payments').first().waitFor(), 'teams');
    await visit('/teams/payments', () => page.getByText('Payments').first().waitFor(), 'team');
    await visit('/reference', () => page.getByText('go').first().waitFor(), 'reference');
    await visit(
      '/transfer',
      () => page.getByRole('button', { name: 'Import' }).waitFor(),
      'transfer',
    );
    await visit(
      '/tokens',
      () => page.getByRole('button', { name: 'Create token' }).waitFor(),
      'tokens',
    );

    // Dialogs, menus and the search palette render through portals with their own styles.
    await visit('/components', () => page.getByTestId('components-table').waitFor(), 'dialog');
    await page.getByRole('button', { name: 'New component' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Search components, people, teams...').fill('ledger');
    await page.getByRole('button', { name: /payment-ledger/i }).waitFor();
    await page.keyboard.press('Escape');

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('lets the API reference (/api/docs) render without a violation, from Argus alone', async () => {
    const elsewhere: string[] = [];
    const record = (request: { url(): string }) => {
      const url = request.url();
      if (!url.startsWith(base) && !url.startsWith('data:')) elsewhere.push(url);
    };
    page.on('request', record);
    await visit(
      '/api/docs',
      () => page.getByText('Argus API').first().waitFor({ timeout: 30_000 }),
      'api-docs',
    );
    // The operations are listed: the document was fetched and rendered.
    await page.getByText('Log in; sets an HTTP-only session cookie').first().waitFor();
    page.off('request', record);
    expect(violations).toEqual([]);
    // Offline-ready: no font, script or telemetry from another host, and no button that leads
    // to Scalar's hosted services.
    expect(elsewhere).toEqual([]);
    for (const hosted of [/open api client/i, /ask ai/i, /generate mcp/i, /developer tools/i]) {
      expect(await page.getByRole('button', { name: hosted }).count(), String(hosted)).toBe(0);
    }
  });

  it('would report a violation: an inline script is blocked and seen', async () => {
    // The three channels above work: a page that breaks the policy is caught.
    await page.goto(`${base}/components`);
    await page.getByTestId('components-table').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBe(
      undefined,
    );
    expect(violations.join('\n')).toContain('script-src');
    violations.length = 0;
  });
});

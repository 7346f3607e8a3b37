import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchChromium, logIn, openTab, requireWebBuild } from '../helpers/browser.js';

/**
 * Requirements and sign-off in the browser (issue 7, point 5): Rita of the security team signs
 * off a requirement of the checkout service on its page; Olivia of the payments team, who owns
 * it, watches her page follow live, then says it is not ready after all, and the card shows the
 * sign-off reset to unknown with the reason. The set's dashboard tells the same story in a cell.
 * Screenshots: test-results/e2e/requirements-*.png.
 */
const SHOTS = 'test-results/e2e';
const PASSWORD = 'correct-horse-battery';
const CHECKOUT = '/components/default/checkout';
const VAULT = 'Secrets live in the vault';
const TLS = 'TLS on every endpoint';

let t: TestApp;
let admin: TestUser;
let olivia: TestUser;
let base: string;
let browser: Browser;
const pageErrors: string[] = [];
let rita: Page;
let owner: Page;

async function api(as: TestUser, method: string, url: string, payload?: unknown) {
  const res = await t.request(as, { method: method as 'GET', url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? undefined : res.json();
}

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** A logged-in browser tab of its own (cookies apart from the others'). */
async function loggedIn(username: string): Promise<Page> {
  const page = await openTab(browser, pageErrors, { label: username });
  await logIn(page, base, username, PASSWORD);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `requirements-${name}.png`), fullPage: true });

/** The card of one requirement on the component page. */
const card = (page: Page, title: string) =>
  page.locator(`[data-testid="requirement-card"][data-requirement="${title}"]`);

const statusOf = (page: Page, title: string, side: 'owner-side' | 'reviewer-side') =>
  card(page, title).getByTestId(side).locator('[data-status]').getAttribute('data-status');

beforeAll(async () => {
  requireWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestApp();
  admin = await t.user('admin', { admin: true, password: PASSWORD });
  await api(admin, 'POST', '/api/teams', { name: 'payments', title: 'Payments team' });
  await api(admin, 'POST', '/api/teams', { name: 'security', title: 'Security experts' });
  olivia = await t.user('olivia', { password: PASSWORD, teams: ['payments'] });
  await t.user('rita', { password: PASSWORD, teams: ['security'] });
  await api(admin, 'POST', '/api/components', {
    name: 'checkout',
    title: 'Checkout service',
    owner: 'payments',
  });
  await api(admin, 'POST', `/api${CHECKOUT}/versions`, { version: '1.0.0' });
  await api(admin, 'POST', '/api/requirement-sets', {
    name: 'Security',
    description: 'What the **security** experts check before production.',
    reviewerTeams: ['security'],
  });
  for (const [title, description] of [
    [VAULT, 'No secret in the repository or the image: they come from **the vault**.'],
    [TLS, 'Every endpoint speaks TLS 1.2 or newer.'],
  ])
    await api(admin, 'POST', '/api/requirements', {
      title,
      description,
      level: 'Bronze',
      mandatory: true,
      sets: [{ set: 'Security' }],
    });
  // The owners said ready before anyone looked: the sign-off waits for Rita.
  await api(
    olivia,
    'PUT',
    `/api${CHECKOUT}/versions/1.0.0/requirements/${encodeURIComponent(VAULT)}/owner`,
    { status: 'ready', notes: 'Moved to the vault in sprint 12.' },
  );

  base = await t.listen();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('requirements and sign-off in the browser', () => {
  it('lists the waiting sign-off in the reviewer’s queue, without admin pages for her', async () => {
    rita = await loggedIn('rita');
    await rita.goto(`${base}/requirements/queue`);
    const row = rita.getByTestId('queue-approvals').locator(`tr[data-requirement="${VAULT}"]`);
    await row.getByText('Checkout service').waitFor();
    await row.getByText('Moved to the vault in sprint 12.').waitFor();
    expect(await rita.getByRole('link', { name: 'Manage requirements' }).count()).toBe(0);
    // One navigation entry is current, not every entry under /requirements too.
    const current = rita.locator('nav a[data-active], nav a[aria-current="page"]');
    await poll(() => current.allTextContents()).toEqual(['Review queue']);
    await shot(rita, '01-review-queue');
  });

  it('lets the reviewer approve on the component page, and the owner sees it live', async () => {
    owner = await loggedIn('olivia');
    await owner.goto(`${base}${CHECKOUT}`);
    await card(owner, VAULT).waitFor();
    await poll(() => card(owner, VAULT).getAttribute('data-overall')).toBe('waiting');
    // The owner may set readiness, not sign off.
    await card(owner, VAULT)
      .getByRole('button', { name: `Not ready: ${VAULT}`, exact: true })
      .waitFor();
    expect(
      await card(owner, VAULT)
        .getByRole('button', { name: `Approve: ${VAULT}`, exact: true })
        .count(),
    ).toBe(0);

    await rita.goto(`${base}${CHECKOUT}`);
    const vault = card(rita, VAULT);
    await vault.getByText('No secret in the repository or the image').waitFor();
    await poll(() => vault.getAttribute('data-overall')).toBe('waiting');
    // The reviewer signs off, she does not set readiness.
    const approve = vault.getByRole('button', { name: `Approve: ${VAULT}`, exact: true });
    await approve.waitFor();
    expect(await vault.getByRole('button', { name: `Ready: ${VAULT}`, exact: true }).count()).toBe(
      0,
    );
    await approve.click();
    await poll(() => vault.getAttribute('data-overall')).toBe('ok');
    await poll(() => statusOf(rita, VAULT, 'reviewer-side')).toBe('approved');
    await vault.getByTestId('reviewer-side').getByText('by rita').waitFor();
    await shot(rita, '02-reviewer-approved');

    // Olivia's open page follows without a reload.
    await poll(() => card(owner, VAULT).getAttribute('data-overall')).toBe('ok');
    await poll(() => statusOf(owner, VAULT, 'reviewer-side')).toBe('approved');
  });

  it('resets the sign-off when the owner changes readiness, and says why', async () => {
    const vault = card(owner, VAULT);
    await vault.getByRole('button', { name: `Not ready: ${VAULT}`, exact: true }).click();
    await poll(() => statusOf(owner, VAULT, 'owner-side')).toBe('not_ready');
    await poll(() => statusOf(owner, VAULT, 'reviewer-side')).toBe('unknown');
    await poll(() => vault.getAttribute('data-overall')).toBe('not_ready');
    const reset = vault.getByTestId('signoff-reset');
    await poll(() => reset.textContent()).toMatch(
      /^Sign-off reset to unknown .*owner readiness changed from ready to not_ready/,
    );
    await vault.scrollIntoViewIfNeeded();
    await shot(owner, '03-sign-off-reset');

    // The reviewer's page says the same, live.
    await poll(() => statusOf(rita, VAULT, 'reviewer-side')).toBe('unknown');
    await card(rita, VAULT).getByTestId('signoff-reset').waitFor();
  });

  it('shows the set dashboard with a cell that tells who set what, and filters a column', async () => {
    await owner.goto(`${base}/requirements/sets/Security`);
    const board = owner.getByTestId('set-dashboard');
    const cell = board.locator(`tr[data-ref="component:default/checkout"] button[data-overall]`);
    await poll(() => cell.first().getAttribute('data-overall')).toBe('not_ready');
    await poll(() => cell.nth(1).getAttribute('data-overall')).toBe('unknown');
    await cell.first().click();
    const detail = owner.getByTestId('cell-detail');
    await detail.getByText('Moved to the vault in sprint 12.').waitFor();
    await detail.getByTestId('signoff-reset').waitFor();
    await shot(owner, '04-dashboard-cell');
    await owner.keyboard.press('Escape');

    // Keep only components whose vault requirement is ready: none now.
    await owner.getByRole('button', { name: `Filter ${VAULT}` }).click();
    const picker = owner.getByRole('dialog');
    await picker.locator('label', { hasText: /^owner$/ }).click();
    await picker.getByRole('checkbox', { name: 'ready', exact: true }).check();
    await owner.getByText('No components match.').waitFor();
    expect(new URL(owner.url()).searchParams.get('cols')).toContain('"side":"owner"');
    await owner.getByRole('button', { name: 'Clear all' }).click();
    await poll(() => cell.count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it("shows the owner team's scorecard: the level and what the next one misses", async () => {
    await owner.goto(`${base}/requirements/scorecard?team=payments`);
    const row = owner.getByTestId('scorecard').locator('tr[data-ref="component:default/checkout"]');
    await poll(() => row.locator('[data-level]').getAttribute('data-level')).toBe('');
    const missing = row.getByTestId('scorecard-missing');
    await missing.getByText('for Bronze: 2 requirements').waitFor();
    await missing.getByText(VAULT).waitFor();
    await missing.getByText(TLS).waitFor();
    await shot(owner, '05-team-scorecard');
  });

  it('takes an exemption request from the owner and its approval from the review queue', async () => {
    await owner.goto(`${base}${CHECKOUT}`);
    const tls = card(owner, TLS);
    await tls.getByRole('button', { name: 'Request exemption…' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill('The load balancer terminates TLS until the mesh lands.');
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Expires').fill(inAMonth);
    await dialog.getByRole('button', { name: 'Request exemption' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => tls.getByTestId('exemption').getAttribute('data-state')).toBe('requested');

    await rita.goto(`${base}/requirements/queue`);
    const requests = rita.getByTestId('queue-exemptions');
    await requests.getByText('The load balancer terminates TLS until the mesh lands.').waitFor();
    await requests.getByRole('button', { name: `Approve exemption: ${TLS}`, exact: true }).click();
    await requests.getByText('No exemption request waits for you.').waitFor();

    // The owner's open page follows: the requirement counts as n/a while the exemption holds.
    await poll(() => tls.getByTestId('exemption').getAttribute('data-state')).toBe('approved');
    await tls.getByText('counts as n/a').waitFor();
    await tls.scrollIntoViewIfNeeded();
    await shot(owner, '06-exemption-approved');
  });

  it('lets an admin add a level and reorder the ladder in the UI', async () => {
    const page = await loggedIn('admin');
    await page.goto(`${base}/requirements/admin?tab=levels`);
    const levels = page.getByTestId('admin-levels');
    await levels.locator('tr[data-level="Gold"]').waitFor();
    await page.getByRole('button', { name: 'New level' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Platinum');
    await dialog.getByRole('button', { name: 'Add level on top' }).click();
    await dialog.waitFor({ state: 'detached' });
    const ladder = () =>
      levels
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
    await poll(ladder).toEqual(['Bronze', 'Silver', 'Gold', 'Platinum']);
    await page.getByRole('button', { name: 'Move Platinum up' }).click();
    await poll(ladder).toEqual(['Bronze', 'Silver', 'Platinum', 'Gold']);
    const stored = (await api(admin, 'GET', '/api/requirement-levels')) as { name: string }[];
    expect(stored.map((l) => l.name)).toEqual(['Bronze', 'Silver', 'Platinum', 'Gold']);
    await page.getByRole('link', { name: 'Manage requirements' }).waitFor();
    await shot(page, '07-admin-levels');
    expect(pageErrors).toEqual([]);
  });

  it('marks a whole set not applicable with a reason, and takes it back', async () => {
    await owner.goto(`${base}${CHECKOUT}`);
    const security = owner.locator('[data-testid="requirement-set"][data-set="Security"]');
    await security.getByRole('button', { name: 'Mark set not applicable…' }).click();
    const dialog = owner.getByRole('dialog');
    const submit = dialog.getByRole('button', { name: 'Mark not applicable' });
    // The reason is required: nothing to send without one.
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('An internal tool behind the VPN.');
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    const exclusion = security.getByTestId('set-exclusion');
    await exclusion.getByText('An internal tool behind the VPN.').waitFor();
    await exclusion.getByText('not applicable to 1.0.0').waitFor();
    // The set leaves every score: nothing applicable is left to count.
    await poll(() => owner.getByTestId('requirement-scores').textContent()).toContain(
      'over 0 applicable requirements',
    );
    await shot(owner, '08-set-not-applicable');

    await security.getByRole('button', { name: 'Make applicable again' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Make applicable again' }).click();
    await poll(() => exclusion.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

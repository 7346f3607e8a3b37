import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { webRoot } from '../../src/server/app.js';

/**
 * Debian's Chromium, headless, as the e2e tier drives it. The network flags matter here: without
 * them Chromium keeps dialling Google's hosts, which this closed network refuses by the dozen.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.ARGUS_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Stops an e2e file at once, saying what to do, when the UI it drives is not built. */
export function requireWebBuild(): void {
  if (!existsSync(join(webRoot, 'index.html')))
    throw new Error(`no web app in ${webRoot}: build it (npm run build:web) or set ARGUS_WEB_ROOT`);
}

/**
 * A tab in a browser context of its own (cookies and storage apart from the other tabs'), 1440
 * wide; its uncaught errors go to `errors`, after `label` if given. Closing the browser closes it.
 */
export async function openTab(
  browser: Browser,
  errors: string[],
  {
    label,
    viewport = { width: 1440, height: 900 },
    timeout = 10_000,
  }: { label?: string; viewport?: { width: number; height: number }; timeout?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  page.on('pageerror', (error) =>
    errors.push(label ? `${label}: ${error.message}` : error.message),
  );
  return page;
}

/** Fills the login form the page shows and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Logs in through the login page at `base` + `path` and waits until the app has left it. */
export async function logIn(
  page: Page,
  base: string,
  username: string,
  password: string,
  path = '/login',
): Promise<void> {
  await page.goto(`${base}${path}`);
  await submitLogin(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

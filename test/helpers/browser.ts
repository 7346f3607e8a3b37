import { type Browser, chromium } from 'playwright-core';

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

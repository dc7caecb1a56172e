import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests can not run here (outside CI they then skip, saying so), or false. */
export const browserMissing =
  !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? `Debian's chromium is not installed: apt-get install chromium`
    : false;

/** Debian's Chromium, headless, with nothing that reaches the network (calendar-clients.md, env notes). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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

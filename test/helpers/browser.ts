// Debian's Chromium for the end-to-end tests, driven by playwright-core: present, or the suite says
// why it skips (and fails under CI=true); launched with the flags this closed network needs.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '../artifacts');
export const E2E_TIMEOUT_MS = 60_000;

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing: the e2e tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
}
if (!chromiumAvailable) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** Headless, no background networking (the closed network refuses it, and it is no test's business). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

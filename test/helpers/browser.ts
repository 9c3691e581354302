// Debian's Chromium for the end-to-end tests, driven by playwright-core: present, or the suite says
// why it skips (and fails under CI=true); launched with the flags this closed network needs.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { listenTestApp, type ListeningApp } from './listen.js';
import { createTestApp } from './test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '../artifacts');
export const E2E_TIMEOUT_MS = 60_000;

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing: the e2e tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
}
if (!chromiumAvailable) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/**
 * Headless, no background networking (the closed network refuses it, and it is no test's business),
 * with `extraArgs` after those flags (`--host-resolver-rules=…`, say).
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export interface ChromiumApp {
  /** The test app, listening on a loopback port through the production server factory. */
  t: TestApp;
  /** `http://127.0.0.1:PORT` */
  base: string;
  browser: Browser;
}

/**
 * A describe block whose tests get the test app listening and Chromium launched, both closed after.
 * Skipped only when Chromium is missing, saying so in its title; under CI=true this module throws first.
 */
export function describeInChromium(title: string, body: (app: ChromiumApp) => void): void {
  const app = {} as ChromiumApp;
  let server: ListeningApp | undefined;
  describe.skipIf(!chromiumAvailable)(chromiumAvailable ? title : `${title} (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`, () => {
    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      app.t = await createTestApp();
      server = await listenTestApp(app.t);
      app.base = server.origin;
      app.browser = await launchChromium();
    }, E2E_TIMEOUT_MS);

    afterAll(async () => {
      await app.browser?.close();
      await server?.close();
      await app.t?.close();
    });

    body(app);
  });
}

/** What a person would notice went wrong, into `problems`: console errors, page errors, failed or 4xx/5xx requests. */
export function watchPage(page: Page, problems: string[] = []): string[] {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? '';
    // An image the page replaced before it loaded (the builder's live preview swaps its pictures as
    // the choices change): the browser cancels it, which is no failure. Seen under a loaded machine.
    if (why === 'net::ERR_ABORTED' && req.resourceType() === 'image') return;
    problems.push(`failed: ${req.url()} ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
  });
  return problems;
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorerStack, type ExplorerStack } from '../explorer/explorerStack.ts';
import { ARTIFACTS_DIR, isLoopbackUrl, launchChromium, type Browser } from './chromium.ts';

/** The offline explorer in a real browser that may reach nothing but this machine. */
describe('GraphiQL at /graphiql, offline', () => {
  let stack: ExplorerStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startExplorerStack(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), stack?.close()]);
  });

  it('loads with every non-loopback request blocked, runs the preloaded MyPayments and shows the data', async () => {
    const blocked: string[] = [];
    await browser.context.route('**/*', (route) => {
      if (isLoopbackUrl(route.request().url())) return route.continue();
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${stack.origin}/graphiql`, { timeout: 30_000 });
    // The first tab holds MyPayments with its variables and the demo headers.
    // Locators, not waitForFunction: the page's CSP (script-src 'self') forbids evaluating strings in it.
    await page.locator('.graphiql-query-editor', { hasText: 'query MyPayments(' }).waitFor({ timeout: 30_000 });
    await page.click('.graphiql-execute-button', { timeout: 30_000 });
    await page.locator('.graphiql-response', { hasText: '"totalCount": 5' }).waitFor({ timeout: 30_000 });

    const response = (await page.textContent('.graphiql-response')) ?? '';
    expect(response).toContain('"myPayments"');
    expect(response).toContain('"currencyCode": "USD"');
    expect(response).not.toContain('"errors"');
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'graphiql-offline.png') });

    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  }, 60_000);
});

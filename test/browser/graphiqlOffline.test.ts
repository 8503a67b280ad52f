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

  it('offline, / leads to Sandbox\'s notice, whose link opens GraphiQL, which runs the preloaded MyPayments', async () => {
    const blocked: string[] = [];
    await browser.context.route('**/*', (route) => {
      if (isLoopbackUrl(route.request().url())) return route.continue();
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(ARTIFACTS_DIR, { recursive: true });

    // Sandbox needs Apollo's CDN: its page says so and links to the gateway's own explorer.
    await page.goto(`${stack.origin}/`, { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/graphql');
    expect(blocked.some((url) => url.includes('apollographql.com'))).toBe(true);
    await page.locator('text=Apollo Sandbox cannot be loaded').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'sandbox-offline.png') });
    blocked.length = 0;
    pageErrors.length = 0;
    await page.click('a[href="/graphiql"]', { timeout: 30_000 });
    await page.waitForURL(`${stack.origin}/graphiql`, { timeout: 30_000 });

    // The first tab holds MyPayments with its variables and the demo headers. Locators, not waitForFunction:
    // the page's CSP (script-src 'self') forbids evaluating strings in it.
    await page.locator('.graphiql-query-editor', { hasText: 'query MyPayments(' }).waitFor({ timeout: 30_000 });
    await page.click('.graphiql-execute-button', { timeout: 30_000 });
    await page.locator('.graphiql-response', { hasText: '"totalCount": 5' }).waitFor({ timeout: 30_000 });

    const response = (await page.textContent('.graphiql-response')) ?? '';
    expect(response).toContain('"myPayments"');
    expect(response).toContain('"currencyCode": "USD"');
    expect(response).not.toContain('"errors"');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'graphiql-offline.png') });

    // After a reload every tab still carries its variables and headers: the MyPayment tab shows the demo payment.
    await page.reload({ timeout: 30_000 });
    await page.locator('.graphiql-query-editor', { hasText: 'query MyPayments(' }).waitFor({ timeout: 30_000 });
    // A click that lands while GraphiQL is still restoring its tabs is undone by it: click until the tab is shown.
    await expect
      .poll(
        async () => {
          await page.locator('.graphiql-tabs').getByText('MyPayment', { exact: true }).click({ timeout: 5_000 });
          return page.locator('.graphiql-query-editor', { hasText: 'query MyPayment(' }).isVisible();
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    // GraphiQL learns the new tab's operation name a moment after the switch; a run before that names the old
    // operation (OPERATION_RESOLUTION_FAILURE). The read is harmless to repeat, so run until the payment shows.
    const demoPayment = page.locator('.graphiql-response', { hasText: `"myPayment": {` }).filter({ hasText: stack.upstreams.explorerDemo.paymentId! });
    await expect
      .poll(
        async () => {
          await page.click('.graphiql-execute-button', { timeout: 5_000 });
          await demoPayment.waitFor({ timeout: 2_000 }).catch(() => undefined);
          return demoPayment.isVisible();
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    expect(await page.textContent('.graphiql-response')).not.toContain('"errors"');

    expect(pageErrors).toEqual([]);
    // GraphiQL asked for nothing outside this machine.
    expect(blocked).toEqual([]);
  }, 60_000);
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { launchChromium, type Browser } from './chromium.ts';

const CREATE = 'mutation($draft: MyPaymentDraft!) { createMyPayment(draft: $draft) { id } }';
const draft = (centAmount: number) => ({ amountPlanned: { currencyCode: 'EUR', centAmount }, paymentMethodInfo: { method: 'CREDIT_CARD' } });

/** A front end's dev server: another localhost origin, serving a page and its bundle. */
async function serveFrontEnd(bundle: string): Promise<{ origin: string; server: Server }> {
  const html = '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script src="/app.js"></script></body></html>';
  const server = createServer((req, res) => {
    const isScript = req.url === '/app.js';
    res.setHeader('content-type', isScript ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8');
    res.end(isScript ? bundle : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Apollo Client 4 from another localhost origin', () => {
  let stack: TestStack;
  let browser: Browser;
  let frontEnd: { origin: string; server: Server };
  beforeAll(async () => {
    const bundled = build({
      entryPoints: ['test/browser/pagingClient.ts'],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const [built, started, launched] = await Promise.all([bundled, startTestStack(), launchChromium()]);
    stack = started;
    browser = launched;
    frontEnd = await serveFrontEnd(built.outputFiles[0]!.text);
  }, 60_000);
  afterAll(async () => {
    frontEnd?.server.close();
    await Promise.all([browser?.close(), stack?.close()]);
  });

  it('pages forward and back with relayStylePagination while another request creates a payment: every payment exactly once', async () => {
    const { token } = await stack.ct.createCustomerToken();
    const created: string[] = [];
    for (let i = 1; i <= 7; i++) {
      const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: draft(100 * i) } });
      created.push(res.body.data!.createMyPayment.id);
    }

    const page = await browser.context.newPage();
    await page.exposeFunction('createPaymentElsewhere', async () => {
      const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: draft(999) } });
      created.push(res.body.data!.createMyPayment.id);
      return res.body.data!.createMyPayment.id;
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const query = new URLSearchParams({ gateway: stack.gateway.url, token });
    await page.goto(`${frontEnd.origin}/?${query.toString()}`, { timeout: 30_000 });
    await page.waitForFunction(() => (globalThis as { pagingResult?: unknown }).pagingResult !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => (globalThis as { pagingResult?: unknown }).pagingResult);

    expect(pageErrors).toEqual([]);
    expect(result).not.toHaveProperty('error');
    const { ids, requests } = result as { ids: string[]; requests: number };
    // Offset cursors fail here: the insert shifts every offset, so one payment comes twice and the new one never.
    expect(ids.filter((id, index) => ids.indexOf(id) !== index), 'payments seen twice while paging').toEqual([]);
    // Newest first: the payment created while paging, then the seven before it, none missing.
    expect(ids).toEqual([...created].reverse());
    // First page, two more forwards, one back (a CORS preflight is not a fetch of the page's own).
    expect(requests).toBe(4);
  }, 60_000);
});

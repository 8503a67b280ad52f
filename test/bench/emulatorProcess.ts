/**
 * Bench-only child process: the real commercetools emulator plus a tiny admin endpoint that reports how many
 * `/me/payments` calls it has served, so the harness can assert batching across process boundaries.
 * Prints one `BENCH_READY <json>` line on stdout when it is listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';

export interface EmulatorReady {
  apiUrl: string;
  adminUrl: string;
  projectKey: string;
  demoToken: string;
  /** A second customer with many payments, for paging and many-id batches (keeps the demo lookup cheap). */
  bulkToken: string;
}

const BULK_PAYMENTS = Number(process.env.BENCH_BULK_PAYMENTS ?? 500);

const ct = await startCommercetoolsEmulator({ host: '127.0.0.1', port: 0, projectKey: 'bench-payments' });
const bulk = await ct.createCustomerToken();

for (let i = 0; i < BULK_PAYMENTS; i++) {
  const res = await fetch(`${ct.apiUrl}/${ct.projectKey}/me/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bulk.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      amountPlanned: { currencyCode: i % 2 ? 'EUR' : 'USD', centAmount: 1000 + i },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: `Card ${i}` } },
    }),
  });
  if (res.status !== 201) throw new Error(`seeding payment ${i} failed: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

const admin = createServer((req, res) => {
  if (req.url === '/count') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ served: ct.requestCount }));
    return;
  }
  res.statusCode = 404;
  res.end();
});
await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
const adminPort = (admin.address() as AddressInfo).port;

const ready: EmulatorReady = {
  apiUrl: ct.apiUrl,
  adminUrl: `http://127.0.0.1:${adminPort}`,
  projectKey: ct.projectKey,
  demoToken: ct.demo.customerToken,
  bulkToken: bulk.token,
};
process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);
process.on('SIGTERM', () => {
  admin.close();
  void ct.close().then(() => process.exit(0));
});

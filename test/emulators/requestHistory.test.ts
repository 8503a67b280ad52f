import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startOccEmulator, type OccEmulator } from '../../src/emulators/occ/index.ts';

/** `npm start` runs for weeks: its emulators must keep nothing per request, and a test's history must stay bounded. */
const started: Array<CommercetoolsEmulator | OccEmulator> = [];
afterAll(() => Promise.all(started.map((emulator) => emulator.close())));

async function commercetools(history?: number): Promise<CommercetoolsEmulator> {
  const ct = await startCommercetoolsEmulator(history === undefined ? {} : { history });
  started.push(ct);
  return ct;
}
async function occ(history?: number): Promise<OccEmulator> {
  const emulator = await startOccEmulator(history === undefined ? {} : { history });
  started.push(emulator);
  return emulator;
}

const lookup = (ct: CommercetoolsEmulator, query = '') =>
  fetch(`${ct.apiUrl}/${ct.projectKey}/me/payments${query}`, { headers: { authorization: `Bearer ${ct.demo.customerToken}` } }).then((res) => res.arrayBuffer());
const order = (emulator: OccEmulator) =>
  fetch(`${emulator.baseUrl}/ccagent/v1/orders/o80413`, { headers: { authorization: `Bearer ${emulator.demo.agentToken}` } }).then((res) => res.arrayBuffer());

describe('request history', () => {
  it('is off by default (as for npm start): reading it says how to turn it on', async () => {
    const ct = await commercetools();
    const oc = await occ();
    await lookup(ct);
    await order(oc);
    expect(() => ct.requests).toThrowError(/commercetools emulator keeps no request history: start it with \{ history: <requests to keep> \}/);
    expect(() => oc.requests).toThrowError(/Oracle Commerce emulator keeps no request history/);
  });

  it('keeps only the latest `history` requests, oldest first', async () => {
    const ct = await commercetools(5);
    for (let i = 1; i <= 12; i++) await lookup(ct, `?limit=${i}`);
    expect(ct.requests.map((request) => request.query.get('limit'))).toEqual(['8', '9', '10', '11', '12']);
    const oc = await occ(3);
    for (let i = 0; i < 4; i++) await order(oc);
    expect(oc.requests).toHaveLength(3);
  });

  it('never holds card numbers, CVVs, gift card PINs or passwords, masked where a test can still check them', async () => {
    const oc = await occ(10);
    const login = new URLSearchParams({ grant_type: 'password', username: oc.demo.username, password: oc.demo.password });
    await fetch(`${oc.baseUrl}/ccagent/v1/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: login.toString() });
    const payments = [
      { paymentMethodType: 'physicalGiftCard', amount: '1.50', giftCardNumber: '536564', giftCardPin: '123' },
      { paymentMethodType: 'card', amount: '2.00', cardNumber: '4111111111111111', cardCVV: '333', expiryMonth: '3', expiryYear: '2030' },
    ];
    const res = await fetch(`${oc.baseUrl}/ccagent/v1/payment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${oc.demo.agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o810010', payments }),
    });
    expect(res.status).toBe(200);
    await fetch(`${oc.baseUrl}/ccagent/v1/payment`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'card 4111111111111111 cvv 333' });

    const [loginRecord, paymentRecord, garbage] = oc.requests;
    expect(new URLSearchParams(loginRecord!.body).get('password')).toBe('***');
    expect(JSON.parse(paymentRecord!.body)).toEqual({
      orderId: 'o810010',
      payments: [
        { ...payments[0], giftCardNumber: 'xx6564', giftCardPin: '***' },
        { ...payments[1], cardNumber: 'xxxxxxxxxxxx1111', cardCVV: '***' },
      ],
    });
    expect(garbage!.body).toBe('[not JSON, 29 bytes, not kept]');
    const everything = JSON.stringify(oc.requests);
    for (const secret of ['4111111111111111', '"333"', '"123"', '536564', oc.demo.password]) expect(everything).not.toContain(secret);
  });

  it('keeps the heap flat over thousands of lookups with the defaults npm start uses', async () => {
    const gc = exposeGc();
    const ct = await commercetools();
    const oc = await occ();
    const soak = async (requests: number) => {
      // 16 at a time, like a busy gateway's connection pool.
      for (let done = 0; done < requests; done += 16) await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? order(oc) : lookup(ct, `?limit=${i + 1}`))));
    };
    await soak(2000);
    const heapAfterWarmUp = settledHeap(gc);
    await soak(8000);
    const grownBytes = settledHeap(gc) - heapAfterWarmUp;
    // A kept record is about 1 KB: keeping 8 000 of them would grow the heap by ~8 MB.
    expect(grownBytes, `heap grew by ${(grownBytes / 2 ** 20).toFixed(1)} MiB over 8 000 requests`).toBeLessThan(2.5 * 2 ** 20);
  }, 60_000);
});

/** The V8 collector, reachable without restarting vitest's worker with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function settledHeap(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

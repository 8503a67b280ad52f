import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOccEmulator, type OccEmulator } from '../../src/emulators/occ/index.ts';
import { passesLuhn } from '../../src/validation/card.ts';

interface Reply { status: number; text: string; json: Record<string, unknown> }

let occ: OccEmulator;
beforeAll(async () => {
  occ = await startOccEmulator({ history: 1000 });
});
afterAll(() => occ.close());

async function call(method: string, path: string, options: { token?: string; body?: string; type?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${occ.baseUrl}/ccagent/v1${path}`, { method, headers, ...(options.body === undefined ? {} : { body: options.body }) });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

const login = (username: string, password: string, grant = 'password') =>
  call('POST', '/login', { type: 'application/x-www-form-urlencoded', body: new URLSearchParams({ grant_type: grant, username, password }).toString() });
const payment = (body: unknown, token = occ.demo.agentToken) => call('POST', '/payment', { token, body: JSON.stringify(body) });
const card = (number: string, amount: string | number = '1.00') => ({ paymentMethodType: 'card', amount, cardNumber: number, cardCVV: '123', expiryMonth: '3', expiryYear: '2030' });

describe('OCC emulator: agent login and tokens', () => {
  it('logs in with the form-encoded password grant', async () => {
    const res = await login(occ.demo.username, occ.demo.password);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 900 });
    expect((await payment({ orderId: 'o810000', payments: [card('4111111111111111')] }, res.json.access_token as string)).status).toBe(200);
  });

  it('answers wrong credentials 401 and a wrong grant 400, in the errorModel with status as a string', async () => {
    const wrong = await login(occ.demo.username, 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ errorCode: expect.any(String), message: expect.any(String), status: '401' });
    expect((await login(occ.demo.username, occ.demo.password, 'client_credentials')).json).toMatchObject({ status: '400' });
  });

  it('refreshes a valid token, refuses an unknown one', async () => {
    const token = await occ.login();
    const refreshed = await call('POST', '/refresh', { token });
    expect(refreshed.json).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    expect(refreshed.json.access_token).not.toBe(token);
    expect((await call('POST', '/refresh', { token: 'unknown' })).status).toBe(401);
  });

  it('expires login tokens after tokenTtlSeconds', async () => {
    const shortLived = await startOccEmulator({ tokenTtlSeconds: 1 });
    try {
      const token = await shortLived.login();
      const pay = () => fetch(`${shortLived.baseUrl}/ccagent/v1/orders/o80413`, { headers: { authorization: `Bearer ${token}` } });
      expect((await pay()).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await pay()).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });

  it('refuses payments without a token', async () => {
    const res = await call('POST', '/payment', { body: JSON.stringify({ orderId: 'o810000', payments: [card('4111111111111111')] }) });
    expect(res.status).toBe(401);
    expect(res.json.status).toBe('401');
  });
});

describe('OCC emulator: addPayments', () => {
  it('answers the reference example as the reference does: numbers, amountRemaining 55, masked numbers', async () => {
    const address = { firstName: 'Kim', lastName: 'Anderson', address1: '21 Cedar Ave', city: 'Syracuse', state: 'New York', selectedState: 'NY', state_ISOCode: 'US-NY', country: 'US', selectedCountry: 'US', postalCode: '13202' };
    const res = await payment({
      orderId: 'o80413',
      profileId: '170309',
      payments: [
        { amount: '15.50', giftCardNumber: '536564', giftCardPin: '123', billingAddress: address, paymentMethodType: 'physicalGiftCard', customProperties: { 'cust-prop1': 'cust-prop1' } },
        { cardCVV: '333', amount: '19.50', nameOnCard: 'Kim', cardType: 'visa', expiryMonth: '3', expiryYear: '2019', billingAddress: address, paymentMethodType: 'card', cardNumber: '4111111111111111' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('"amountRemaining":55,');
    expect(res.json).toMatchObject({ orderId: 'o80413', profileId: '170309', customPaymentProperties: { 'cust-prop1': 'cust-prop1' }, links: [{ rel: 'self' }] });
    expect(res.json.paymentResponses).toMatchObject([
      { type: 'physicalGiftCard', amount: 15.5, balance: 84.5, paymentState: 'AUTHORIZED', maskedCardNumber: 'xx6564' },
      { type: 'card', amount: 19.5, paymentState: 'AUTHORIZED', maskedCardNumber: 'xxxxxxxxxxxx1111' },
    ]);
    for (const secret of ['4111111111111111', '536564', '"333"', '"123"']) expect(res.text).not.toContain(secret);

    const order = await call('GET', '/orders/o80413', { token: occ.demo.agentToken });
    expect(order.json).toMatchObject({ id: 'o80413', profileId: '170309', priceInfo: { total: 90, currencyCode: 'USD' }, amountRemaining: 55, profile: { id: '170309' } });
    expect(order.json.paymentGroups).toHaveLength(2);
  });

  it('takes amounts as numbers too and keeps them exact', async () => {
    const res = await call('POST', '/payment', { token: occ.demo.agentToken, body: '{"orderId":"o810001","payments":[{"paymentMethodType":"card","amount":0.10,"cardNumber":"4111111111111111","cardCVV":"123","expiryMonth":3,"expiryYear":2030},{"paymentMethodType":"card","amount":0.2,"cardNumber":"4111111111111111","cardCVV":"123","expiryMonth":3,"expiryYear":2030}]}' });
    expect(res.text).toContain('"amountRemaining":499.7,');
  });

  it('refuses more than remains, an unknown order and someone else\'s order, applying nothing', async () => {
    const tooMuch = await payment({ orderId: 'o810002', payments: [card('4111111111111111', '300'), card('4111111111111111', '200.01')] });
    expect(tooMuch).toMatchObject({ status: 400, json: { status: '400' } });
    expect((await call('GET', '/orders/o810002', { token: occ.demo.agentToken })).json.paymentGroups).toEqual([]);
    expect(await payment({ orderId: 'o000000', payments: [card('4111111111111111')] })).toMatchObject({ status: 404, json: { status: '404' } });
    expect(await payment({ orderId: 'o82000', profileId: '170309', payments: [card('4111111111111111')] })).toMatchObject({ status: 403, json: { status: '403' } });
  });

  it.each([
    ['processingError', '51173', 'Error while processing Payments.'],
    ['declined', '51174', 'Your order has not been placed due to a payment error, and you have not been charged. Please try again.'],
    ['completionError', '51175', 'An error occurred completing an order payment.'],
  ] as const)('test card %s fails the call with %s, in the errorModel with nested errors', async (name, errorCode, message) => {
    const number = occ.testCards[name];
    expect(passesLuhn(number)).toBe(true);
    const res = await payment({ orderId: 'o810003', payments: [card(number)] });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errorCode, message, status: '400', 'o:errorPath': 'payments[0]', errors: [{ errorCode, status: '400', 'o:errorPath': 'payments[0]' }] });
    expect(res.text).not.toContain(number);
  });

  it('answers a gift card balance with op inquireBalance, and declines a wrong PIN with 51174', async () => {
    const balance = await payment({ orderId: 'o810004', op: 'inquireBalance', payments: [{ paymentMethodType: 'physicalGiftCard', amount: '1', giftCardNumber: '600649', giftCardPin: '4321' }] });
    expect(balance.json.paymentResponses).toMatchObject([{ balance: 10 }]);
    const wrongPin = await payment({ orderId: 'o810004', payments: [{ paymentMethodType: 'physicalGiftCard', amount: '1', giftCardNumber: '600649', giftCardPin: '0000' }] });
    expect(wrongPin.json).toMatchObject({ errorCode: '51174' });
    expect(wrongPin.text).not.toMatch(/600649|"0000"/);
  });

  it('answers PayPal initiate INITIAL with a REDIRECT URL; the amount is not yet paid', async () => {
    const res = await payment({ orderId: 'o810005', op: 'initiate', payments: [{ paymentMethodType: 'paypalCheckout', amount: '55' }] });
    expect(res.json).toMatchObject({ amountRemaining: 500, paymentResponses: [{ paymentState: 'INITIAL', uiIntervention: 'REDIRECT', transaction_state: 'created', type: 'paypalCheckout', intent: 'authorize' }] });
    const [result] = res.json.paymentResponses as Array<{ REDIRECT: string }>;
    expect(result!.REDIRECT).toMatch(/^https:\/\/www\.sandbox\.paypal\.com\//);
    expect((await payment({ orderId: 'o810005', payments: [{ paymentMethodType: 'paypalCheckout', amount: '55' }] })).status).toBe(400);
  });

  it('starts cash with op initiate only, and takes invoices with a PONumber', async () => {
    expect((await payment({ orderId: 'o810006', payments: [{ paymentMethodType: 'cash', amount: '5' }] })).status).toBe(400);
    expect((await payment({ orderId: 'o810006', op: 'initiate', payments: [{ paymentMethodType: 'cash', amount: '5' }] })).json).toMatchObject({ amountRemaining: 495 });
    expect((await payment({ orderId: 'o810006', payments: [{ paymentMethodType: 'invoice', amount: '5' }] })).status).toBe(400);
    expect((await payment({ orderId: 'o810006', payments: [{ paymentMethodType: 'invoice', amount: '5', PONumber: 'PO-1' }] })).json).toMatchObject({ amountRemaining: 490 });
  });

  it('records every request for tests, and closes with keep-alive sockets open', async () => {
    const before = occ.requests.length;
    await call('GET', '/orders/o80413', { token: occ.demo.agentToken });
    expect(occ.requests.slice(before)).toMatchObject([{ method: 'GET', path: '/ccagent/v1/orders/o80413', body: '' }]);
    const other = await startOccEmulator({ seed: false });
    const res = await fetch(`${other.baseUrl}/ccagent/v1/orders/o80413`, { headers: { authorization: `Bearer ${other.demo.agentToken}`, connection: 'keep-alive' } });
    expect(res.status).toBe(404);
    await res.text();
    await other.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst } from '../helpers/gatewayAgainst.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults } from '../helpers/stubUpstream.ts';
import { ADD_ORDER_PAYMENTS, cardPayment, VISA } from './fixtures.ts';

const SHOPPER_SAFE_51174 = 'Your order has not been placed due to a payment error, and you have not been charged. Please try again.';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

/** `occToken: null` sends no X-OCC-Authorization header. */
async function pay(input: unknown, occToken: string | null = stack.occ.demo.agentToken) {
  const res = await stack.gql(ADD_ORDER_PAYMENTS, { variables: { input }, ...(occToken === null ? {} : { occToken }) });
  expect(res.status).toBe(200);
  expect(res.body.data).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  // No upstream URL, devMessage or error type link ever reaches the caller.
  expect(res.text).not.toContain(stack.occ.baseUrl);
  expect(res.text).not.toMatch(/127\.0\.0\.1|devMessage|rfc2616|ccagent/);
  return res.body.errors![0]!;
}

describe('addOrderPayments errors from Oracle Commerce', () => {
  it.each([
    ['processingError', '51173', 'PAYMENT_PROCESSING_ERROR', 'An error occurred while processing the payments.'],
    ['declined', '51174', 'PAYMENT_DECLINED', SHOPPER_SAFE_51174],
    ['completionError', '51175', 'PAYMENT_COMPLETION_ERROR', 'An error occurred completing an order payment.'],
  ] as const)('test card %s → %s → %s', async (card, upstreamCode, code, message) => {
    const number = stack.occ.testCards[card];
    const error = await pay({ orderId: 'o810010', payments: [cardPayment('10.00'), cardPayment('5.00', { ...VISA, number })] });
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({
      code,
      upstream: 'occ',
      upstreamCode,
      field: 'input.payments[1]',
      errors: [{ upstreamCode, message: `The payment gateway answered ${upstreamCode} for this card.` }],
    });
  });

  it('a failed call applies none of its payments', async () => {
    const res = await fetch(`${stack.occ.baseUrl}/ccagent/v1/orders/o810010`, { headers: { authorization: `Bearer ${stack.occ.demo.agentToken}` } });
    expect(((await res.json()) as { paymentGroups: unknown[] }).paymentGroups).toEqual([]);
  });

  it('a wrong gift card PIN is PAYMENT_DECLINED', async () => {
    const error = await pay({ orderId: 'o810011', payments: [{ paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '1.00', giftCard: { number: '536564', pin: '999' } }] });
    expect(error.extensions).toMatchObject({ code: 'PAYMENT_DECLINED', upstream: 'occ', upstreamCode: '51174' });
  });

  it('400: paying more than remains is BAD_USER_INPUT with OCC\'s explanation', async () => {
    const error = await pay({ orderId: 'o810011', payments: [cardPayment('500.01')] });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: 'occ', upstreamCode: '99400' });
    expect(error.message).toBe('The payments exceed the amount remaining on the order (500 USD).');
  });

  it('401: an unknown or expired agent token is UNAUTHENTICATED', async () => {
    const error = await pay({ orderId: 'o810011', payments: [cardPayment('1.00')] }, 'expired-or-unknown-token');
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'occ', upstreamCode: '99401' });
    expect(error.message).toMatch(/X-OCC-Authorization: Bearer <token>/);
  });

  it('403: a profile that does not own the order is FORBIDDEN', async () => {
    const error = await pay({ orderId: 'o82000', profileId: '170309', payments: [cardPayment('1.00')] });
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', upstream: 'occ', upstreamCode: '99403' });
  });

  it('404: an unknown order is NOT_FOUND', async () => {
    const error = await pay({ orderId: 'o404404', payments: [cardPayment('1.00')] });
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: 'occ', upstreamCode: '99404' });
  });

  it('no X-OCC-Authorization header: UNAUTHENTICATED and no upstream call', async () => {
    const before = stack.occ.requests.length;
    const error = await pay({ orderId: 'o810011', payments: [cardPayment('1.00')] }, null);
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'occ' });
    expect(stack.occ.requests.length).toBe(before);
    // The commercetools Authorization header is not an OCC credential.
    const res = await stack.gql(ADD_ORDER_PAYMENTS, { variables: { input: { orderId: 'o810011', payments: [cardPayment('1.00')] } }, token: stack.occ.demo.agentToken });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(stack.occ.requests.length).toBe(before);
  });
});

describe('addOrderPayments when Oracle Commerce misbehaves', () => {
  let stub: StubStack;
  beforeAll(async () => {
    // Every test here fails a call on purpose: the breaker must not open halfway through (breaker tests are elsewhere).
    stub = await startStubStack({ BREAKER_THRESHOLD: '50' });
  });
  afterAll(() => stub.close());

  async function payThroughStub() {
    stub.occ.calls.length = 0;
    const res = await stub.gql(ADD_ORDER_PAYMENTS, { variables: { input: { orderId: 'o1', payments: [cardPayment('1.00')] } }, occToken: 'agent-token' });
    expect(res.body.data).toBeNull();
    expect(res.text).not.toContain(stub.occ.url);
    expect(res.text).not.toMatch(/10\.0\.0\.12|nginx|stack|devMessage/);
    // A payment call is sent once, whatever happens: a retry could charge twice.
    expect(stub.occ.calls).toHaveLength(1);
    return res.body.errors![0]!;
  }

  const errorModel = (status: string, errorCode: string) => ({ errorCode, message: 'Internal failure at http://occ.internal:7001/ccagent', status, devMessage: 'java.lang.NullPointerException at …' });

  it('500 with an errorModel: OUTCOME_UNKNOWN', async () => {
    stub.occ.handler = faults.json(500, errorModel('500', '10000'));
    const error = await payThroughStub();
    expect(error.extensions).toEqual({ code: 'OUTCOME_UNKNOWN', upstream: 'occ', upstreamCode: '10000', retryable: false });
    expect(error.message).toMatch(/may or may not have been applied/);
  });

  // A payment is never retried: only a 429 proves nothing was done; a 503 may come from a proxy that passed it on.
  it.each([
    ['503 with an errorModel', () => faults.json(503, errorModel('503', '10001')), { code: 'OUTCOME_UNKNOWN', upstream: 'occ', upstreamCode: '10001', retryable: false }],
    ['503 with an HTML body', () => faults.html(503), { code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false }],
    ['502 with an HTML body', () => faults.html(502), { code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false }],
    ['200 with a body that is not JSON', () => faults.truncated(), { code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false }],
    ['429 (turned away before processing)', () => faults.json(429, errorModel('429', '10002')), { code: 'UPSTREAM_UNAVAILABLE', upstream: 'occ', upstreamCode: '10002', retryable: true }],
  ])('%s: %o, sent once', async (_name, handler, extensions) => {
    stub.occ.handler = handler();
    const error = await payThroughStub();
    expect(error.extensions).toEqual(extensions);
  });

  it('a connection reset: OUTCOME_UNKNOWN (the payment may have been made), not retried', async () => {
    stub.occ.handler = faults.reset();
    const error = await payThroughStub();
    expect(error.extensions).toEqual({ code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false });
  });

  it('a 400 errorModel with nested errors keeps them as {upstreamCode, message}, without devMessage', async () => {
    stub.occ.handler = faults.json(400, {
      errorCode: '28001', message: 'Invalid payment.', status: '400', devMessage: 'see http://occ.internal/logs',
      errors: [{ errorCode: '28002', message: 'Amount is required.', status: '400', devMessage: 'x' }, { errorCode: '28003', message: 'Details at https://occ.internal/x', status: '400' }],
    });
    const error = await payThroughStub();
    expect(error).toMatchObject({ message: 'Invalid payment.' });
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT', upstream: 'occ', upstreamCode: '28001',
      errors: [{ upstreamCode: '28002', message: 'Amount is required.' }, { upstreamCode: '28003', message: 'Payment error.' }],
    });
  });
});

describe('addOrderPayments when Oracle Commerce refuses connections', () => {
  it('is UPSTREAM_UNAVAILABLE: nothing was sent, so retrying is safe', async () => {
    const gateway = await startGatewayAgainst({ occBaseUrl: 'http://127.0.0.1:9' });
    try {
      const res = await gateway.gql(ADD_ORDER_PAYMENTS, { variables: { input: { orderId: 'o1', payments: [cardPayment('1.00')] } }, occToken: 'agent-token' });
      expect(res.body.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'occ', retryable: true });
      expect(res.text).not.toContain('127.0.0.1:9');
    } finally {
      await gateway.close();
    }
  });
});

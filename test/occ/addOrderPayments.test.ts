import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { ADD_ORDER_PAYMENTS, BILLING_ADDRESS, cardPayment, referenceInput, VISA, type AddOrderPaymentsData } from './fixtures.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

function pay(input: unknown) {
  return stack.gql<AddOrderPaymentsData>(ADD_ORDER_PAYMENTS, { variables: { input }, occToken: stack.occ.demo.agentToken });
}

/** The JSON body OCC received on the last payment call. */
function lastUpstreamBody(): { op?: string; orderId: string; profileId?: string; payments: Array<Record<string, unknown>> } {
  const last = stack.occ.requests.filter((req) => req.path === '/ccagent/v1/payment').at(-1);
  expect(last).toBeDefined();
  return JSON.parse(last!.body);
}

describe('addOrderPayments: the reference page example', () => {
  it('pays o80413 with gift card 15.50 and card 19.50, leaving "55.00" of 90.00', async () => {
    const res = await pay(referenceInput());
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const payload = res.body.data!.addOrderPayments;
    expect(payload).toMatchObject({
      orderId: 'o80413',
      profileId: '170309',
      // OCC answers the number 55; the gateway writes every amount with at least two decimals.
      amountRemaining: '55.00',
      customPaymentProperties: { 'cust-prop1': 'cust-prop1', 'cust-prop2': 'cust-prop2' },
    });
    expect(payload.paymentResponses).toMatchObject([
      { type: 'physicalGiftCard', paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '15.50', paymentState: 'AUTHORIZED', balance: '84.50', maskedCardNumber: 'xx6564' },
      { type: 'card', paymentMethodType: 'CARD', amount: '19.50', paymentState: 'AUTHORIZED', maskedCardNumber: 'xxxxxxxxxxxx1111' },
    ]);
    expect(payload.paymentResponses[0]!.paymentGroupId).toMatch(/^pg\d+$/);
  });

  it('sent OCC its flat request: cardNumber, cardCVV, giftCardNumber, giftCardPin, state_ISOCode, lower-camel types, string amounts', () => {
    // The emulator's history keeps no card data; the answers above (masked numbers, the gift card's balance after its PIN
    // was checked) show the full values arrived.
    const body = lastUpstreamBody();
    expect(body).toMatchObject({ orderId: 'o80413', profileId: '170309' });
    const [giftCard, card] = body.payments;
    expect(giftCard).toMatchObject({ paymentMethodType: 'physicalGiftCard', amount: '15.50', giftCardNumber: 'xx6564', giftCardPin: '***' });
    expect(card).toMatchObject({ paymentMethodType: 'card', amount: '19.50', cardNumber: 'xxxxxxxxxxxx1111', cardCVV: '***', cardType: 'visa', nameOnCard: 'Kim', expiryMonth: 3, expiryYear: VISA.expiryYear });
    expect(card!.billingAddress).toMatchObject({ state_ISOCode: 'US-NY', selectedState: 'NY', firstName: 'Kim' });
    expect(card!.billingAddress).not.toHaveProperty('stateIsoCode');
    for (const payment of body.payments) for (const nested of ['card', 'giftCard', 'invoice', 'paypal', 'payU']) expect(payment).not.toHaveProperty(nested);
  });

  it('sends the agent token as Authorization and nothing of the gateway caller headers', () => {
    const last = stack.occ.requests.at(-1)!;
    expect(last.headers.authorization).toBe(`Bearer ${stack.occ.demo.agentToken}`);
    expect(last.headers['x-occ-authorization']).toBeUndefined();
    expect(last.headers['x-ccsite']).toBeUndefined();
  });

  it('leaves the order with two authorised payment groups', async () => {
    const res = await fetch(`${stack.occ.baseUrl}/ccagent/v1/orders/o80413`, { headers: { authorization: `Bearer ${stack.occ.demo.agentToken}` } });
    const order = (await res.json()) as { amountRemaining: number; paymentGroups: Array<{ state: string }> };
    expect(order.amountRemaining).toBe(55);
    expect(order.paymentGroups.map((group) => group.state)).toEqual(['AUTHORIZED', 'AUTHORIZED']);
  });
});

describe('addOrderPayments: each payment method type', () => {
  it('CARD, with the amount given as a JSON number', async () => {
    const res = await pay({ orderId: 'o810000', payments: [{ ...cardPayment('0'), amount: 12.5 }] });
    expect(res.body.data!.addOrderPayments).toMatchObject({ amountRemaining: '487.50', paymentResponses: [{ amount: '12.50', paymentState: 'AUTHORIZED' }] });
    expect(lastUpstreamBody().payments[0]).toMatchObject({ amount: '12.50' });
  });

  it('INVOICE sends PONumber', async () => {
    const res = await pay({ orderId: 'o810001', payments: [{ paymentMethodType: 'INVOICE', amount: '100', invoice: { poNumber: 'PO-7781' }, billingAddress: BILLING_ADDRESS }] });
    expect(res.body.data!.addOrderPayments).toMatchObject({ amountRemaining: '400.00', paymentResponses: [{ type: 'invoice', paymentMethodType: 'INVOICE', amount: '100.00', paymentState: 'AUTHORIZED' }] });
    expect(lastUpstreamBody().payments[0]).toMatchObject({ paymentMethodType: 'invoice', PONumber: 'PO-7781', amount: '100.00' });
  });

  it('CASH is started with operation INITIATE (op "initiate")', async () => {
    const res = await pay({ orderId: 'o810002', operation: 'INITIATE', payments: [{ paymentMethodType: 'CASH', amount: '20.00' }] });
    expect(res.body.data!.addOrderPayments).toMatchObject({ amountRemaining: '480.00', paymentResponses: [{ type: 'cash', paymentMethodType: 'CASH' }] });
    expect(lastUpstreamBody()).toMatchObject({ op: 'initiate', payments: [{ paymentMethodType: 'cash' }] });
  });

  it('PAYPAL_CHECKOUT: INITIATE answers INITIAL with a redirect, completing it authorises', async () => {
    const started = await pay({ orderId: 'o810003', operation: 'INITIATE', payments: [{ paymentMethodType: 'PAYPAL_CHECKOUT', amount: '55' }] });
    const initial = started.body.data!.addOrderPayments;
    expect(initial.amountRemaining).toBe('500.00');
    const result = initial.paymentResponses[0]!;
    expect(result).toMatchObject({ type: 'paypalCheckout', paymentMethodType: 'PAYPAL_CHECKOUT', paymentState: 'INITIAL', uiIntervention: 'REDIRECT', transactionState: 'created', intent: 'authorize' });
    expect(result.redirectUrl).toMatch(/^https:\/\/www\.sandbox\.paypal\.com\/cgi-bin\/webscr\?cmd=_express-checkout&token=EC-/);
    expect(result.paypalPaymentId).toMatch(/^PAY-/);
    expect(lastUpstreamBody()).toMatchObject({ op: 'initiate', payments: [{ paymentMethodType: 'paypalCheckout', amount: '55.00' }] });

    const token = new URL(result.redirectUrl!).searchParams.get('token')!;
    const paypal = { paymentId: result.paypalPaymentId, payerId: 'QYR5Z8XDVJNXQ', token, paymentGroupId: result.paymentGroupId };
    const completed = await pay({ orderId: 'o810003', payments: [{ paymentMethodType: 'PAYPAL_CHECKOUT', amount: '55.00', paypal }] });
    expect(completed.body.data!.addOrderPayments).toMatchObject({ amountRemaining: '445.00', paymentResponses: [{ paymentState: 'AUTHORIZED', transactionState: 'approved', paymentGroupId: result.paymentGroupId }] });
    expect(lastUpstreamBody().payments[0]).toMatchObject({ paymentId: result.paypalPaymentId, PayerID: 'QYR5Z8XDVJNXQ', token, paymentGroupId: result.paymentGroupId });
  });

  it('PAYU_LATAM_WEBCHECKOUT: starts INITIAL with the signed web checkout fields, then completes', async () => {
    const started = await pay({ orderId: 'o810004', payments: [{ paymentMethodType: 'PAYU_LATAM_WEBCHECKOUT', amount: '30.00' }] });
    const result = started.body.data!.addOrderPayments.paymentResponses[0]!;
    expect(result).toMatchObject({ type: 'payULatamWebcheckout', paymentMethodType: 'PAYU_LATAM_WEBCHECKOUT', paymentState: 'INITIAL', signatureAlgorithm: 'MD5', merchantId: '508029', accountId: '512321' });
    expect(result.signature).toMatch(/^[0-9a-f]{32}$/);
    expect(result.sopUrl).toMatch(/^https:\/\//);
    expect(result.payUPaymentId).toMatch(/^o810004-/);

    const completed = await pay({ orderId: 'o810004', payments: [{ paymentMethodType: 'PAYU_LATAM_WEBCHECKOUT', amount: '30.00', payU: { paymentGroupId: result.paymentGroupId } }] });
    expect(completed.body.data!.addOrderPayments).toMatchObject({ amountRemaining: '470.00', paymentResponses: [{ paymentState: 'AUTHORIZED', transactionStatusByQuery: 'APPROVED' }] });
    expect(lastUpstreamBody().payments[0]).toMatchObject({ paymentMethodType: 'payULatamWebcheckout', paymentGroupId: result.paymentGroupId });
  });

  it('INQUIRE_BALANCE answers a gift card balance and charges nothing', async () => {
    const input = { orderId: 'o810005', operation: 'INQUIRE_BALANCE', payments: [{ paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '1', giftCard: { number: '600649', pin: '4321' } }] };
    const first = await pay(input);
    expect(first.body.data!.addOrderPayments).toMatchObject({ amountRemaining: '500.00', paymentResponses: [{ balance: '10.00', maskedCardNumber: 'xx0649' }] });
    expect(lastUpstreamBody()).toMatchObject({ op: 'inquireBalance', payments: [{ giftCardNumber: 'xx0649', giftCardPin: '***' }] });
    const again = await pay(input);
    expect(again.body.data!.addOrderPayments.paymentResponses[0]!.balance).toBe('10.00');
  });
});

describe('addOrderPayments: OCC_SITE_ID', () => {
  it('is sent as x-ccsite', async () => {
    const siteStack = await startTestStack({ OCC_SITE_ID: 'siteUS' });
    try {
      const res = await siteStack.gql<AddOrderPaymentsData>(ADD_ORDER_PAYMENTS, {
        variables: { input: { orderId: 'o810006', payments: [cardPayment('5.00')] } },
        occToken: siteStack.occ.demo.agentToken,
      });
      expect(res.body.data!.addOrderPayments.amountRemaining).toBe('495.00');
      expect(siteStack.occ.requests.at(-1)!.headers['x-ccsite']).toBe('siteUS');
    } finally {
      await siteStack.close();
    }
  });
});

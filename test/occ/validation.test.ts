import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { ADD_ORDER_PAYMENTS, BILLING_ADDRESS, cardPayment, GIFT_CARD, VISA } from './fixtures.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const ORDER = 'o810000';
const giftCard = { paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '1.00', giftCard: GIFT_CARD };
const withCard = (card: Record<string, unknown>) => cardPayment('1.00', { ...VISA, ...card });

/** [what is wrong, input, the field path reported]. Each must be refused before OCC is called. */
const MATRIX: Array<[string, Record<string, unknown>, string]> = [
  ['no payments', { orderId: ORDER, payments: [] }, 'input.payments'],
  ['blank orderId', { orderId: ' ', payments: [cardPayment('1.00')] }, 'input.orderId'],
  ['CARD without card', { orderId: ORDER, payments: [{ paymentMethodType: 'CARD', amount: '1.00' }] }, 'input.payments[0].card'],
  ['CARD with giftCard too', { orderId: ORDER, payments: [{ ...cardPayment('1.00'), giftCard: GIFT_CARD }] }, 'input.payments[0].giftCard'],
  ['PHYSICAL_GIFT_CARD with card', { orderId: ORDER, payments: [{ ...giftCard, card: VISA }] }, 'input.payments[0].card'],
  ['PHYSICAL_GIFT_CARD without giftCard', { orderId: ORDER, payments: [{ paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '1.00' }] }, 'input.payments[0].giftCard'],
  ['INVOICE without invoice', { orderId: ORDER, payments: [{ paymentMethodType: 'INVOICE', amount: '1.00' }] }, 'input.payments[0].invoice'],
  ['CASH with invoice', { orderId: ORDER, operation: 'INITIATE', payments: [{ paymentMethodType: 'CASH', amount: '1.00', invoice: { poNumber: 'PO-1' } }] }, 'input.payments[0].invoice'],
  ['PAYU with paypal', { orderId: ORDER, payments: [{ paymentMethodType: 'PAYU_LATAM_WEBCHECKOUT', amount: '1.00', paypal: {} }] }, 'input.payments[0].paypal'],
  ['CASH without INITIATE', { orderId: ORDER, payments: [{ paymentMethodType: 'CASH', amount: '1.00' }] }, 'input.operation'],
  ['new PAYPAL_CHECKOUT without INITIATE', { orderId: ORDER, payments: [{ paymentMethodType: 'PAYPAL_CHECKOUT', amount: '1.00' }] }, 'input.operation'],
  ['PAYPAL completion missing payerId', { orderId: ORDER, payments: [{ paymentMethodType: 'PAYPAL_CHECKOUT', amount: '1.00', paypal: { paymentId: 'PAY-1', token: 'EC-1', paymentGroupId: 'pg1' } }] }, 'input.payments[0].paypal.payerId'],
  ['INQUIRE_BALANCE of a card', { orderId: ORDER, operation: 'INQUIRE_BALANCE', payments: [cardPayment('1.00')] }, 'input.payments[0].paymentMethodType'],
  ['card number with spaces', { orderId: ORDER, payments: [withCard({ number: '4111 1111 1111 1111' })] }, 'input.payments[0].card.number'],
  ['card number failing Luhn', { orderId: ORDER, payments: [withCard({ number: '4111111111111112' })] }, 'input.payments[0].card.number'],
  ['card number too short', { orderId: ORDER, payments: [withCard({ number: '41111111111' })] }, 'input.payments[0].card.number'],
  ['card number too long', { orderId: ORDER, payments: [withCard({ number: '41111111111111111111' })] }, 'input.payments[0].card.number'],
  ['CVV of two digits', { orderId: ORDER, payments: [withCard({ cvv: '12' })] }, 'input.payments[0].card.cvv'],
  ['CVV with letters', { orderId: ORDER, payments: [withCard({ cvv: '12a' })] }, 'input.payments[0].card.cvv'],
  ['expiry month 0', { orderId: ORDER, payments: [withCard({ expiryMonth: 0 })] }, 'input.payments[0].card.expiryMonth'],
  ['expiry month 13', { orderId: ORDER, payments: [withCard({ expiryMonth: 13 })] }, 'input.payments[0].card.expiryMonth'],
  ['two-digit expiry year', { orderId: ORDER, payments: [withCard({ expiryYear: 29 })] }, 'input.payments[0].card.expiryYear'],
  ['amount zero', { orderId: ORDER, payments: [cardPayment('0.00')] }, 'input.payments[0].amount'],
  ['negative amount', { orderId: ORDER, payments: [cardPayment('-5.00')] }, 'input.payments[0].amount'],
  ['three decimals', { orderId: ORDER, payments: [cardPayment('1.005')] }, 'input.payments[0].amount'],
  ['blank gift card PIN', { orderId: ORDER, payments: [{ ...giftCard, giftCard: { number: '536564', pin: ' ' } }] }, 'input.payments[0].giftCard.pin'],
  ['blank PO number', { orderId: ORDER, payments: [{ paymentMethodType: 'INVOICE', amount: '1.00', invoice: { poNumber: '' } }] }, 'input.payments[0].invoice.poNumber'],
  ['blank billing city', { orderId: ORDER, payments: [{ ...cardPayment('1.00'), billingAddress: { ...BILLING_ADDRESS, city: '' } }] }, 'input.payments[0].billingAddress.city'],
  ['blank billing stateIsoCode', { orderId: ORDER, payments: [{ ...cardPayment('1.00'), billingAddress: { ...BILLING_ADDRESS, stateIsoCode: ' ' } }] }, 'input.payments[0].billingAddress.stateIsoCode'],
  ['customProperties not an object', { orderId: ORDER, payments: [{ ...cardPayment('1.00'), customProperties: [1, 2] }] }, 'input.payments[0].customProperties'],
  ['the second payment invalid', { orderId: ORDER, payments: [cardPayment('1.00'), withCard({ number: '4111111111111112' })] }, 'input.payments[1].card.number'],
];

describe('addOrderPayments validation (before any upstream call)', () => {
  it.each(MATRIX)('%s → BAD_USER_INPUT at the field', async (_case, input, field) => {
    const before = stack.occ.requests.length;
    const res = await stack.gql(ADD_ORDER_PAYMENTS, { variables: { input }, occToken: stack.occ.demo.agentToken });
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(stack.occ.requests.length).toBe(before);
  });

  it.each([
    ['billing address without a required field', { ...BILLING_ADDRESS, postalCode: undefined }],
    ['card without its number', { ...VISA, number: undefined }],
  ])('%s is refused by the schema itself, before any upstream call', async (_case, value) => {
    const before = stack.occ.requests.length;
    const payment = 'number' in value ? cardPayment('1.00', value) : { ...cardPayment('1.00'), billingAddress: value };
    const res = await stack.gql(ADD_ORDER_PAYMENTS, { variables: { input: { orderId: ORDER, payments: [payment] } }, occToken: stack.occ.demo.agentToken });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.occ.requests.length).toBe(before);
  });

  it('accepts amounts with trailing zeros and leading zeros, sending two decimals', async () => {
    const res = await stack.gql(ADD_ORDER_PAYMENTS, {
      variables: { input: { orderId: ORDER, payments: [cardPayment('007.500'), cardPayment('2')] } },
      occToken: stack.occ.demo.agentToken,
    });
    expect(res.body.errors).toBeUndefined();
    const sent = JSON.parse(stack.occ.requests.at(-1)!.body) as { payments: Array<{ amount: string }> };
    expect(sent.payments.map((payment) => payment.amount)).toEqual(['7.50', '2.00']);
  });
});

describe('card expiry, against a clock the test sets', () => {
  let clocked: TestStack;
  let now = new Date('2030-06-15T12:00:00.000Z');
  beforeAll(async () => {
    clocked = await startTestStack({}, { now: () => now });
  });
  afterAll(() => clocked.close());

  const pay = (card: Record<string, unknown>) =>
    clocked.gql(ADD_ORDER_PAYMENTS, {
      variables: { input: { orderId: 'o810001', payments: [cardPayment('1.00', { ...VISA, ...card })] } },
      occToken: clocked.occ.demo.agentToken,
    });

  it.each([
    ['the reference page\'s 3/2019', { expiryMonth: 3, expiryYear: 2019 }],
    ['the year 1000', { expiryMonth: 12, expiryYear: 1000 }],
    ['last month', { expiryMonth: 5, expiryYear: 2030 }],
    ['December of last year', { expiryMonth: 12, expiryYear: 2029 }],
  ])('refuses a card that expired %s, before any upstream call', async (_label, card) => {
    const before = clocked.occ.requests.length;
    const res = await pay(card);
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.payments[0].card.expiryYear' });
    expect(res.body.errors?.[0]?.message).toContain('expired');
    expect(clocked.occ.requests.length).toBe(before);
  });

  it('accepts a card through the last moment of its expiry month (UTC), and refuses it from the next month on', async () => {
    now = new Date('2030-06-30T23:59:59.999Z');
    expect((await pay({ expiryMonth: 6, expiryYear: 2030 })).body.errors).toBeUndefined();
    now = new Date('2030-07-01T00:00:00.000Z');
    expect((await pay({ expiryMonth: 6, expiryYear: 2030 })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await pay({ expiryMonth: 7, expiryYear: 2030 })).body.errors).toBeUndefined();
    now = new Date('2031-01-01T00:00:00.000Z');
    expect((await pay({ expiryMonth: 12, expiryYear: 2030 })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await pay({ expiryMonth: 1, expiryYear: 2031 })).body.errors).toBeUndefined();
  });
});

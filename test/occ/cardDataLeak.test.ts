import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { ADD_ORDER_PAYMENTS, BILLING_ADDRESS, referenceInput, VISA } from './fixtures.ts';

/**
 * Card data is radioactive: after payments of every kind (valid, invalid, declined, mistyped) went through the
 * gateway with logging at debug, no captured log line and no response may hold a card number, CVV, gift card
 * number or PIN that was sent.
 */
let stack: TestStack;
const responses: string[] = [];
/** Every GraphQL request body the test sent: where the secrets are meant to be. */
const sent: string[] = [];

const MASTERCARD = { number: '5555555555554444', cvv: '7391' };
const BAD_LUHN = { number: '4111111111111112', cvv: '8642' };
const MISTYPED_INLINE = '4242424242424242';
const MISTYPED_VARIABLE = '4000056655665556';
const SHORT_GIFT_CARD = { number: '600649', pin: '4321' };
const INLINE_CVV = '2468';

/** Numbers the gateway legitimately writes, which a three-digit CVV could otherwise match by chance. */
const BENIGN_NUMBERS = /"(line|column|ms|status)":\d+/g;

/** Long numbers are searched as they are; short CVVs and PINs as standalone tokens (not inside ports, ids or times). */
function leaks(text: string, secret: string): boolean {
  if (secret.length >= 6) return text.includes(secret);
  return new RegExp(`(?<![\\w.-])${secret}(?![\\w.-])`).test(text.replace(BENIGN_NUMBERS, ''));
}

async function send(query: string, variables?: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  sent.push(JSON.stringify({ query, variables }));
  const res = await stack.gql(query, { ...(variables ? { variables } : {}), occToken: stack.occ.demo.agentToken });
  responses.push(res.text);
  return (res.body.errors ?? []).map((error) => error.extensions ?? {});
}

const pay = (input: unknown) => send(ADD_ORDER_PAYMENTS, { input });

beforeAll(async () => {
  stack = await startTestStack({ LOG_LEVEL: 'debug' });
});
afterAll(() => stack.close());

describe('card data never leaks', () => {
  it('runs payments of every kind through the gateway', async () => {
    const card = (details: Record<string, unknown>, amount = '1.00') => ({ paymentMethodType: 'CARD', amount, billingAddress: BILLING_ADDRESS, card: { ...VISA, ...details } });

    expect(await pay(referenceInput())).toEqual([]);
    expect(await pay({ orderId: 'o810000', payments: [card(MASTERCARD)] })).toEqual([]);
    expect(await pay({ orderId: 'o810000', payments: [card(BAD_LUHN)] })).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await pay({ orderId: 'o810000', payments: [card({ number: stack.occ.testCards.declined, cvv: '9753' })] })).toMatchObject([{ code: 'PAYMENT_DECLINED' }]);
    expect(await pay({ orderId: 'o810000', payments: [card({ number: stack.occ.testCards.processingError })] })).toMatchObject([{ code: 'PAYMENT_PROCESSING_ERROR' }]);
    expect(await pay({ orderId: 'o810000', payments: [card({ cvv: '12345' })] })).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await pay({ orderId: 'o810000', payments: [{ paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '1.00', giftCard: { number: SHORT_GIFT_CARD.number, pin: '0000' } }] }))
      .toMatchObject([{ code: 'PAYMENT_DECLINED' }]);
    expect(await pay({ orderId: 'o810000', operation: 'INQUIRE_BALANCE', payments: [{ paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '1', giftCard: SHORT_GIFT_CARD }] })).toEqual([]);
    // The wrong sub-input, carrying a card: refused before the call.
    expect(await pay({ orderId: 'o810000', payments: [{ paymentMethodType: 'INVOICE', amount: '1.00', invoice: { poNumber: 'PO-1' }, card: { ...VISA, ...MASTERCARD } }] }))
      .toMatchObject([{ code: 'BAD_USER_INPUT' }]);
  });

  it('runs card data sent with the wrong GraphQL types (graphql-js coercion and validation errors)', async () => {
    const inline = (card: string, giftCard = '') => `mutation {
      addOrderPayments(input: { orderId: "o810001", payments: [{ paymentMethodType: CARD, amount: "1.00", card: { ${card} } ${giftCard} }] }) { orderId }
    }`;
    // Numbers as Int literals inline.
    expect(await send(inline(`number: ${MISTYPED_INLINE}, cvv: "123", expiryMonth: 1, expiryYear: 2030`))).toMatchObject([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(await send(inline(`number: "${MASTERCARD.number}", cvv: ${INLINE_CVV}, expiryMonth: 1, expiryYear: 2030`))).toMatchObject([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(await send(inline(`number: "4111111111111111", cvv: "333", expiryMonth: 1, expiryYear: 2030`, `giftCard: { number: ${SHORT_GIFT_CARD.number}, pin: ${SHORT_GIFT_CARD.pin} }`)))
      .toMatchObject([{ code: 'GRAPHQL_VALIDATION_FAILED' }, { code: 'GRAPHQL_VALIDATION_FAILED' }]);
    // A card number in an Int field.
    expect(await send(inline(`number: "4111111111111111", cvv: "333", expiryMonth: ${MISTYPED_INLINE}, expiryYear: 2030`))).toMatchObject([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);

    // A short gift card number in an enum slot, inline and as a variable (not card-like, so redaction alone misses it).
    expect(await send(`mutation { addOrderPayments(input: { orderId: "o810001", payments: [{ paymentMethodType: ${SHORT_GIFT_CARD.number}, amount: "1" }] }) { orderId } }`))
      .toMatchObject([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(await send(ADD_ORDER_PAYMENTS, { input: { orderId: 'o810001', operation: SHORT_GIFT_CARD.number, payments: [{ paymentMethodType: SHORT_GIFT_CARD.pin, amount: '1' }] } }))
      .toMatchObject([{ code: 'BAD_USER_INPUT' }, { code: 'BAD_USER_INPUT' }]);

    // Variables of the wrong type: numbers where strings belong, a string where an Int or an enum belongs.
    const input = (payment: Record<string, unknown>) => ({ input: { orderId: 'o810001', payments: [{ paymentMethodType: 'CARD', amount: '1.00', ...payment }] } });
    expect(await send(ADD_ORDER_PAYMENTS, input({ card: { ...VISA, number: Number(MISTYPED_VARIABLE) } }))).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await send(ADD_ORDER_PAYMENTS, input({ card: { ...VISA, number: MASTERCARD.number, cvv: Number(INLINE_CVV) } }))).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await send(ADD_ORDER_PAYMENTS, input({ card: { ...VISA, expiryMonth: MISTYPED_VARIABLE } }))).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await send(ADD_ORDER_PAYMENTS, input({ paymentMethodType: MISTYPED_VARIABLE, card: VISA }))).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await send(ADD_ORDER_PAYMENTS, input({ paymentMethodType: 'PHYSICAL_GIFT_CARD', giftCard: { number: Number(SHORT_GIFT_CARD.number), pin: Number(SHORT_GIFT_CARD.pin) } })))
      .toMatchObject([{ code: 'BAD_USER_INPUT' }, { code: 'BAD_USER_INPUT' }]);
    expect(await send(ADD_ORDER_PAYMENTS, input({ card: { ...VISA, number: MASTERCARD.number, pan: MISTYPED_VARIABLE } }))).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
    expect(await send(ADD_ORDER_PAYMENTS, { input: MISTYPED_VARIABLE })).toMatchObject([{ code: 'BAD_USER_INPUT' }]);
  });

  it('no log line and no response holds any of them', async () => {
    const secrets = [
      VISA.number, VISA.cvv, '536564', '123', MASTERCARD.number, MASTERCARD.cvv, BAD_LUHN.number, BAD_LUHN.cvv,
      MISTYPED_INLINE, MISTYPED_VARIABLE, SHORT_GIFT_CARD.number, SHORT_GIFT_CARD.pin, '0000', INLINE_CVV, '9753', '12345',
      stack.occ.testCards.declined, stack.occ.testCards.processingError,
    ];
    // The test must have seen real traffic: debug upstream lines and one line per operation.
    expect(stack.logs.some((line) => line.includes('"upstream call"') || line.includes('upstream call'))).toBe(true);
    expect(stack.logs.filter((line) => line.includes('graphql operation')).length).toBeGreaterThanOrEqual(responses.length);
    // The search can fail: it finds every secret where it belongs, in what the test sent.
    const requests = sent.join('\n');
    expect(secrets.filter((secret) => !leaks(requests, secret))).toEqual([]);
    // Oracle Commerce received them, yet its emulator's request history keeps none.
    const texts = [...stack.logs, ...responses, ...stack.occ.requests.map((req) => req.body)];
    const found = secrets.flatMap((secret) => texts.filter((text) => leaks(text, secret)).map((text) => `${secret} in ${text}`));
    expect(found).toEqual([]);
    if (process.env.SHOW_LEAK_TEST_RESPONSES) console.log(responses.join('\n'));
  });
});

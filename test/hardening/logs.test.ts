import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { SECRETS, expectNoSecrets } from './secrets.ts';

let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await startTestStack({ LOG_LEVEL: 'debug' });
  token = (await stack.ct.createCustomerToken()).token;
});

afterAll(async () => {
  await stack.close();
});

const ADD_PAYMENTS = `mutation Pay($input: AddOrderPaymentsInput!) { addOrderPayments(input: $input) { __typename } }`;
const payInput = (cvv: unknown = SECRETS.cvv) => ({
  orderId: 'o100001',
  payments: [
    { paymentMethodType: 'CARD', amount: '10.00', card: { number: SECRETS.cardNumber, cvv, expiryMonth: 12, expiryYear: 2030, nameOnCard: 'A B' } },
    { paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '5.00', giftCard: { number: SECRETS.giftCardNumber, pin: SECRETS.pin } },
  ],
});

describe('logs at debug level never hold credentials or card data', () => {
  it('across credentials, card/gift card inputs, bad variables, upstream errors and unexpected errors', async () => {
    const { gql } = stack;
    // Credentials: a rejected bearer token, an OCC agent token, a valid one.
    await gql('{ myPayments(first: 1) { nodes { id } } }', { token: SECRETS.token });
    await gql(ADD_PAYMENTS, { token, headers: { 'x-occ-authorization': `Bearer ${SECRETS.token}` }, variables: { input: payInput() } });
    // Card data in variables that fail coercion (graphql-js would echo the value) and in a valid custom field.
    await gql(ADD_PAYMENTS, { variables: { input: payInput(Number(SECRETS.cvv)) } });
    await gql('query ($id: ID!) { myPayment(id: $id) { id } }', { token, variables: { id: { cardNumber: SECRETS.cardNumber, pin: SECRETS.pin } } });
    await gql(`mutation ($draft: MyPaymentDraft!) { createMyPayment(draft: $draft) { id } }`, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 100 }, paymentMethodInfo: { method: SECRETS.cardNumberSpaced } } },
    });
    // Card data inside a predicate that commercetools rejects (its error message may quote it).
    await gql(`{ myPayments(where: "cardNumber = \\"${SECRETS.cardNumber}\\" and cvv = \\"${SECRETS.cvv}\\"") { nodes { id } } }`, { token });
    // Card data in the document itself, with a syntax error right after it.
    await gql(`{ myPayment(id: "${SECRETS.cardNumber}") { id } ${SECRETS.pin} }`, { token });

    // Card digits in the caller's text that the per-operation line carries: operation name and x-request-id,
    // sent twice so both Apollo and the fast path write the line.
    const named = `query Q${SECRETS.cardNumber} { myPayments(first: 1) { nodes { id } } }`;
    for (let i = 0; i < 2; i++) await gql(named, { token, headers: { 'x-request-id': `r-${SECRETS.cardNumber}` } });
    const masked = stack.logs.filter((line) => line.includes('"msg":"graphql operation"') && line.includes('"operationName":"Q411111******1111"'));
    // An id that could hold a card number is not taken at all: each request got a fresh UUID.
    expect(masked.map((line) => (JSON.parse(line) as { requestId: string }).requestId)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);

    expect(stack.logs.length).toBeGreaterThan(5);
    expect(stack.logs.some((line) => line.includes('"level":20'))).toBe(true);
    expectNoSecrets(stack.logs);
  });
});

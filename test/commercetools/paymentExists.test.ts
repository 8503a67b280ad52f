import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** `myPaymentExists(by: MyPaymentLookup @oneOf)`: exactly one way to look, enforced by GraphQL itself. */
describe('myPaymentExists by id or by predicate', () => {
  let stack: TestStack;
  let token: string;
  let id: string;
  beforeAll(async () => {
    stack = await startTestStack();
    token = stack.ct.demo.customerToken;
    const created = await stack.gql<{ createMyPayment: { id: string } }>(
      'mutation { createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: 777 } }) { id } }',
      { token },
    );
    id = created.body.data!.createMyPayment.id;
  });
  afterAll(() => stack.close());

  const exists = (by: unknown) => stack.gql<{ myPaymentExists: boolean }>('query Exists($by: MyPaymentLookup) { myPaymentExists(by: $by) }', { token, variables: { by } });

  it('answers by id and by predicate, twice each (the second time compiled when the fast path is on)', async () => {
    for (let round = 0; round < 2; round++) {
      expect((await exists({ id })).body.data).toEqual({ myPaymentExists: true });
      expect((await exists({ id: 'no-such-payment' })).body.data).toEqual({ myPaymentExists: false });
      expect((await exists({ where: 'amountPlanned(centAmount = 777)' })).body.data).toEqual({ myPaymentExists: true });
      expect((await exists({ where: 'amountPlanned(centAmount = 778)' })).body.data).toEqual({ myPaymentExists: false });
    }
  });

  it.each([
    ['both', () => ({ id, where: 'id is defined' })],
    ['neither', () => ({})],
    ['one and an explicit null', () => ({ id, where: null })],
  ])('refuses %s in variables with 400 BAD_USER_INPUT before any upstream call, on both engines', async (_name, by) => {
    for (let round = 0; round < 2; round++) {
      const before = stack.ct.requestCount;
      const res = await exists(by());
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(stack.ct.requestCount).toBe(before);
    }
  });

  it('refuses a literal with both members as a validation error', async () => {
    const res = await stack.gql(`{ myPaymentExists(by: { id: "${id}", where: "id is defined" }) }`, { token });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still takes the deprecated id and where arguments, one at a time, never with by', async () => {
    expect((await stack.gql(`{ myPaymentExists(id: "${id}") }`, { token })).body.data).toEqual({ myPaymentExists: true });
    expect((await stack.gql('{ myPaymentExists(where: "amountPlanned(centAmount = 777)") }', { token })).body.data).toEqual({ myPaymentExists: true });
    const mixed = await stack.gql(`{ myPaymentExists(by: { id: "${id}" }, where: "id is defined") }`, { token });
    expect(mixed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'by' });
  });
});

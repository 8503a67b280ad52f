import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { CREATE, DELETE, GET, UPDATE, type PaymentView } from './fragments.ts';

describe('a shopper creates, reads, updates and deletes a payment', () => {
  let stack: TestStack;
  let token: string;
  let customerId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    ({ token, customerId } = await stack.ct.createCustomerToken());
  });
  afterAll(() => stack.close());

  it('runs the whole lifecycle with every update action', async () => {
    const created = await stack.gql<{ createMyPayment: PaymentView }>(CREATE, {
      token,
      variables: {
        draft: {
          amountPlanned: { currencyCode: 'EUR', centAmount: 4200 },
          paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: [{ locale: 'en', value: 'Credit Card' }] },
          custom: { typeKey: 'payment-extras', fields: { note: 'first' } },
        },
      },
    });
    expect(created.body.errors).toBeUndefined();
    const payment = created.body.data!.createMyPayment;
    expect(payment).toMatchObject({
      version: 1,
      customer: { id: customerId },
      anonymousId: null,
      amountPlanned: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 4200, fractionDigits: 2 },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: 'Credit Card', nameAllLocales: [{ locale: 'en', value: 'Credit Card' }] },
      transactions: [],
      custom: { fields: { note: 'first' } },
    });

    const read = await stack.gql<{ myPayment: PaymentView }>(GET, { token, variables: { id: payment.id } });
    expect(read.body.data!.myPayment).toEqual(payment);

    const updated = await stack.gql<{ updateMyPayment: PaymentView }>(UPDATE, {
      token,
      variables: {
        id: payment.id,
        version: 1,
        actions: [
          { changeAmountPlanned: { amount: { currencyCode: 'EUR', centAmount: 5000 } } },
          { setCustomField: { name: 'note', value: 'second' } },
          { setMethodInfoCustomType: { typeKey: 'payment-extras', fields: { note: 'method' } } },
          { setMethodInfoCustomField: { name: 'note', value: 'method-2' } },
          { setMethodInfoInterface: { interface: 'STRIPE' } },
          { setMethodInfoInterfaceAccount: { interfaceAccount: 'acct_1' } },
          { setMethodInfoMethod: { method: 'SEPA' } },
          { setMethodInfoName: { name: [{ locale: 'en', value: 'SEPA' }, { locale: 'de', value: 'Lastschrift' }] } },
        ],
      },
    });
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data!.updateMyPayment).toMatchObject({
      version: 2,
      amountPlanned: { centAmount: 5000 },
      custom: { fields: { note: 'second' } },
      paymentMethodInfo: { method: 'SEPA', name: 'SEPA', custom: { fields: { note: 'method-2' } } },
    });
    expect(updated.body.data!.updateMyPayment.paymentMethodInfo.nameAllLocales).toEqual(
      expect.arrayContaining([{ locale: 'en', value: 'SEPA' }, { locale: 'de', value: 'Lastschrift' }]),
    );

    const stale = await stack.gql(UPDATE, { token, variables: { id: payment.id, version: 1, actions: [{ setMethodInfoMethod: { method: 'X' } }] } });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONCURRENT_MODIFICATION', currentVersion: 2, upstreamCode: 'ConcurrentModification' });

    const deleted = await stack.gql<{ deleteMyPayment: { id: string; version: number } }>(DELETE, { token, variables: { id: payment.id, version: 2 } });
    expect(deleted.body.data!.deleteMyPayment).toEqual({ id: payment.id, version: 2 });
    const gone = await stack.gql<{ myPayment: null }>(GET, { token, variables: { id: payment.id } });
    expect(gone.body).toEqual({ data: { myPayment: null } });
  });

  it('locks a payment once it has a transaction, and sets a transaction custom field first', async () => {
    const created = await stack.gql<{ createMyPayment: PaymentView }>(CREATE, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'USD', centAmount: 1000 } } },
    });
    const { id } = created.body.data!.createMyPayment;
    const withTransaction = await stack.gql<{ updateMyPayment: PaymentView }>(UPDATE, {
      token,
      variables: {
        id,
        version: 1,
        actions: [{ addTransaction: { transaction: { type: 'Authorization', amount: { currencyCode: 'USD', centAmount: 1000 }, interactionId: 'psp-1', custom: { typeKey: 'payment-extras', fields: { note: 't' } } } } }],
      },
    });
    expect(withTransaction.body.errors).toBeUndefined();
    const transaction = withTransaction.body.data!.updateMyPayment.transactions[0]!;
    expect(transaction).toMatchObject({ type: 'Authorization', state: 'Initial', interactionId: 'psp-1', amount: { centAmount: 1000 } });

    const locked = await stack.gql(UPDATE, {
      token,
      variables: { id, version: 2, actions: [{ setTransactionCustomField: { transactionId: transaction.id, name: 'note', value: 'u' } }] },
    });
    expect(locked.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_OPERATION', upstream: 'commercetools', upstreamCode: 'InvalidOperation' });
    const undeletable = await stack.gql(DELETE, { token, variables: { id, version: 2 } });
    expect(undeletable.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_OPERATION' });
  });

  it('keeps integers beyond 2^53 in custom fields exact: a literal\'s digits go upstream, and come back as a string, on every request', async () => {
    const create = `mutation BigField { createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: 5 }, custom: { typeKey: "payment-extras", fields: { big: 12345678901234567890, nested: [{ n: 98765432109876543210 }] } } }) { id custom { fields } } }`;
    const created = await stack.gql<{ createMyPayment: { id: string; custom: { fields: unknown } } }>(create, { token });
    expect(created.status).toBe(200);
    const fields = { big: '12345678901234567890', nested: [{ n: '98765432109876543210' }] };
    expect(created.body).toEqual({ data: { createMyPayment: { id: expect.any(String), custom: { fields } } } });
    expect(stack.ct.requests.at(-1)!.body).toContain('"big":12345678901234567890');
    // Read back twice: Apollo's pipeline, then (FAST_PATH=on) the compiled one.
    for (let run = 0; run < 2; run++) {
      const read = await stack.gql('query BigRead($id: ID!) { myPayment(id: $id) { custom { fields } } }', { token, variables: { id: created.body.data!.createMyPayment.id } });
      expect(read.body).toEqual({ data: { myPayment: { custom: { fields } } } });
    }
  });

  it('refuses an integer beyond 2^53 in a Json variable (JSON parsing already rounded it) before any upstream call', async () => {
    const before = stack.ct.requests.length;
    const res = await stack.gql(CREATE, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 5 }, custom: { typeKey: 'payment-extras', fields: { big: 12345678901234567890 } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.ct.requests.length).toBe(before);
  });

  it('creates a payment with a Charge transaction in the draft', async () => {
    const created = await stack.gql<{ createMyPayment: PaymentView }>(CREATE, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'USD', centAmount: 1000 }, transaction: { type: 'Charge', amount: { currencyCode: 'USD', centAmount: 1000 }, timestamp: '2015-10-20T08:54:24.000Z' } } },
    });
    expect(created.body.data!.createMyPayment.transactions).toMatchObject([{ type: 'Charge', state: 'Initial', amount: { centAmount: 1000 } }]);
  });

  it('an anonymous session owns its payments by anonymousId', async () => {
    const anonymous = await stack.ct.createAnonymousToken();
    const created = await stack.gql<{ createMyPayment: PaymentView }>(CREATE, {
      token: anonymous.token,
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1 } } },
    });
    expect(created.body.data!.createMyPayment).toMatchObject({ customer: null, anonymousId: anonymous.anonymousId });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { CREATE, UPDATE } from './fragments.ts';

describe('amounts are exact and bad input is refused before commercetools is called', () => {
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    stack = await startTestStack();
    ({ token } = await stack.ct.createCustomerToken());
  });
  afterAll(() => stack.close());

  const createRaw = (centAmount: unknown) =>
    stack.gql<{ createMyPayment: { id: string; amountPlanned: { centAmount: number | string } } }>(
      `mutation ($c: Long!) { createMyPayment(draft: { amountPlanned: { currencyCode: "USD", centAmount: $c } }) { id amountPlanned { centAmount } } }`,
      { token, variables: { c: centAmount } },
    );

  it.each([
    ['above 2^31', 5_000_000_000, 5_000_000_000],
    ['2^53 - 1 as a number', 9_007_199_254_740_991, 9_007_199_254_740_991],
    ['2^53 + 1 as a string', '9007199254740993', '9007199254740993'],
    ['2^63 - 1 as a string', '9223372036854775807', '9223372036854775807'],
  ])('round-trips a cent amount %s exactly', async (_label, sent, expected) => {
    const created = await createRaw(sent);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.createMyPayment.amountPlanned.centAmount).toEqual(expected);
    const read = await stack.gql<{ myPayment: { amountPlanned: { centAmount: number | string } } }>(
      'query ($id: ID!) { myPayment(id: $id) { amountPlanned { centAmount } } }',
      { token, variables: { id: created.body.data!.createMyPayment.id } },
    );
    expect(read.body.data!.myPayment.amountPlanned.centAmount).toEqual(expected);
    expect(stack.ct.requests.find((r) => r.method === 'POST' && r.body.includes(String(expected)))).toBeDefined();
  });

  it.each([['a fraction', 10.5], ['beyond 2^63', '9223372036854775808'], ['text', 'ten'], ['an unsafe float', 9_007_199_254_740_993]])(
    'refuses a cent amount that is %s',
    async (_label, sent) => {
      const before = stack.ct.requests.length;
      const res = await createRaw(sent);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(stack.ct.requests.length).toBe(before);
    },
  );

  it('refuses such a number in a body nested too deep for the exact-number parser (JSON.parse reads it): nothing goes unchecked', async () => {
    const before = stack.ct.requests.length;
    const mutation = 'mutation ($c: Long!) { createMyPayment(draft: { amountPlanned: { currencyCode: "USD", centAmount: $c } }) { id } }';
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      // The nesting first: the parser gives up before it reaches the number.
      body: `{"extensions":{"deep":${deep}},"query":${JSON.stringify(mutation)},"variables":{"c":19.999999999999999}}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(stack.ct.requests.length).toBe(before);
  });

  // Also repeated keys (JSON.parse keeps the last value), before the number or holding it, and exponents a double
  // turns into Infinity or zero.
  it.each([['9007199254740991.4'], ['1.0000000000000001'], ['19.999999999999999'], ['90071992547409931'], ['{"d": "a", "d": "b"}, "e": 19.999999999999999'], ['1, "c": 19.999999999999999'], ['1e400'], ['1e-400']])(
    'refuses a number written %s, which JSON parsing would round into another amount, by POST and GET, before any upstream call',
    async (written) => {
      const before = stack.ct.requests.length;
      const mutation = 'mutation ($c: Long!) { createMyPayment(draft: { amountPlanned: { currencyCode: "USD", centAmount: $c } }) { id } }';
      const posted = await fetch(stack.gateway.url, {
        method: 'POST',
        // Apollo Client 4's accept header: the refusal comes as a GraphQL error its error link reads.
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', authorization: `Bearer ${token}` },
        body: `{"query":${JSON.stringify(mutation)},"variables":{"c":${written}}}`,
      });
      expect(posted.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const query = encodeURIComponent('query ($n: Int) { myPayments(first: $n) { totalCount } }');
      const got = await fetch(`${stack.gateway.url}?query=${query}&variables=${encodeURIComponent(`{"n":${written}}`)}`, { headers: { authorization: `Bearer ${token}` } });
      for (const res of [posted, got]) {
        expect(res.status).toBe(400);
        const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
        expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
        expect(body.errors[0]!.message).toMatch(/send amounts as strings/);
      }
      expect(stack.ct.requests.length).toBe(before);
    },
  );

  it('refuses a negative amount, a Refund in a shopper draft and a bad currency with the field path', async () => {
    const before = stack.ct.requests.length;
    const negative = await stack.gql(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: -1 } } } });
    expect(negative.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'draft.amountPlanned.centAmount' });
    const refund = await stack.gql(CREATE, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1 }, transaction: { type: 'Refund', amount: { currencyCode: 'EUR', centAmount: 1 } } } },
    });
    expect(refund.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'draft.transaction.type' });
    const currency = await stack.gql(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'euro', centAmount: 1 } } } });
    expect(currency.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.ct.requests.length).toBe(before);
  });

  it('refuses update actions that set no field or two fields, before any upstream call', async () => {
    const before = stack.ct.requests.length;
    const none = await stack.gql(UPDATE, { token, variables: { id: 'x', version: 1, actions: [{ setMethodInfoMethod: { method: 'A' } }, {}] } });
    expect(none.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actions[1]' });
    const two = await stack.gql(UPDATE, {
      token,
      variables: { id: 'x', version: 1, actions: [{ setMethodInfoMethod: { method: 'A' }, setMethodInfoInterface: { interface: 'B' } }] },
    });
    expect(two.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'actions[0]' } });
    // Refused by @oneOf coercion on both engines, before any resolver runs.
    expect(two.body.errors?.[0]?.message).toContain('Exactly one key must be specified for OneOf type "MyPaymentUpdateAction"');
    const empty = await stack.gql(UPDATE, { token, variables: { id: 'x', version: 1, actions: [] } });
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actions' });
    expect(stack.ct.requests.length).toBe(before);
  });

  it('refuses a custom type given both by key and id', async () => {
    const res = await stack.gql(CREATE, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1 }, custom: { typeKey: 'a', typeId: 'b' } } },
    });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'draft.custom.typeKey' });
  });

  it('maps an unknown custom type to BAD_USER_INPUT from commercetools', async () => {
    const res = await stack.gql(CREATE, {
      token,
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1 }, custom: { typeKey: 'no-such-type', fields: {} } } },
    });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: 'commercetools', upstreamCode: 'ReferencedResourceNotFound' });
  });

  it('answers NOT_FOUND for updating someone else\'s payment', async () => {
    const other = await stack.ct.createCustomerToken();
    const created = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token: other.token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1 } } } });
    const res = await stack.gql(UPDATE, { token, variables: { id: created.body.data!.createMyPayment.id, version: 1, actions: [{ setMethodInfoMethod: { method: 'A' } }] } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: 'commercetools', upstreamCode: 'ResourceNotFound' });
  });
});

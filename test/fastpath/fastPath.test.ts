import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStack, type GqlOptions, type GraphqlResponse, type TestStack } from '../helpers/stack.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { CREATE, PAYMENT_FIELDS } from '../commercetools/fragments.ts';

// Counts the requests Apollo's pipeline serves; the rest were served by the fast path.
const apolloCalls = vi.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');

type Send = (query: string, options?: GqlOptions) => Promise<GraphqlResponse>;

/** Sends `first` through Apollo (a query text never seen before), then `second` on the fast path. */
async function viaBothPaths(send: Send, query: string, first: GqlOptions, second: GqlOptions = first) {
  const before = apolloCalls.mock.calls.length;
  const apollo = await send(query, first);
  expect(apolloCalls.mock.calls.length - before).toBe(1);
  const fast = await send(query, second);
  expect(apolloCalls.mock.calls.length - before).toBe(1);
  return { apollo, fast };
}

function expectSameAnswer(a: GraphqlResponse, b: GraphqlResponse): void {
  expect(b.text).toBe(a.text);
  expect(b.status).toBe(a.status);
  for (const name of ['content-type', 'cache-control']) expect(b.headers.get(name)).toBe(a.headers.get(name));
}

describe('fast path for operations Apollo has already validated', () => {
  let stack: TestStack;
  let token: string;
  let ids: string[];
  beforeAll(async () => {
    stack = await startTestStack({ MAX_ALIASES: '1000', MAX_COST: '100000', MAX_TOKENS: '100000' });
    token = (await stack.ct.createCustomerToken()).token;
    ids = [];
    for (let i = 0; i < 50; i++) {
      const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: i + 1 } } } });
      ids.push(res.body.data!.createMyPayment.id);
    }
  });
  afterAll(() => stack.close());

  it('answers data byte for byte as Apollo does, with the same headers and log line', async () => {
    const headers = { 'x-request-id': 'fast-same-1' };
    const { apollo, fast } = await viaBothPaths(stack.gql, `query One { myPayment(id: "${ids[0]}") { ${PAYMENT_FIELDS} } }`, { token, headers });
    expect(apollo.body.errors).toBeUndefined();
    expectSameAnswer(apollo, fast);
    const lines = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.requestId === 'fast-same-1' && l.msg === 'graphql operation');
    expect(lines.map(({ time: _t, ms: _m, ...rest }) => rest)).toEqual([
      { level: 30, requestId: 'fast-same-1', operationName: 'One', errorCodes: [], msg: 'graphql operation' },
      { level: 30, requestId: 'fast-same-1', operationName: 'One', errorCodes: [], msg: 'graphql operation' },
    ]);
  });

  it('answers UNAUTHENTICATED without a token as Apollo does', async () => {
    const { apollo, fast } = await viaBothPaths(stack.gql, `query NoToken { myPayment(id: "${ids[0]}") { id } }`, {});
    expect(apollo.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expectSameAnswer(apollo, fast);
  });

  it('answers invalid variables with 400 BAD_USER_INPUT without echoing them, as Apollo does', async () => {
    const query = 'query Vars($n: Int) { myPayments(first: $n) { nodes { id } } }';
    const { apollo, fast } = await viaBothPaths(stack.gql, query, { token, variables: { n: '4111111111111111' } });
    expect(apollo.status).toBe(400);
    expect(apollo.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(apollo.text).not.toContain('4111');
    expectSameAnswer(apollo, fast);
  });

  it('refuses an operation over the cost limit with the same 400 as Apollo', async () => {
    const strict = await startTestStack({ MAX_COST: '50' });
    try {
      const query = 'query Cost($n: Int) { myPayments(first: $n) { nodes { id customer { id } } } }';
      const refused = await strict.gql(query, { token, variables: { n: 500 } });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
      const before = apolloCalls.mock.calls.length;
      await strict.gql(query, { token, variables: { n: 1 } }); // Apollo: records the document
      const fast = await strict.gql(query, { token, variables: { n: 500 } });
      expect(apolloCalls.mock.calls.length - before).toBe(1);
      expect([fast.status, fast.text]).toEqual([refused.status, refused.text]);
    } finally {
      await strict.close();
    }
  });

  it('makes exactly one upstream call for 50 aliased myPayment fields, also when the query comes again', async () => {
    const aliased = `query { ${ids.map((id, i) => `p${i}: myPayment(id: "${id}") { id amountPlanned { centAmount } }`).join('\n')} }`;
    const calls: number[] = [];
    const answers: GraphqlResponse[] = [];
    for (let i = 0; i < 2; i++) {
      const before = stack.ct.requests.length;
      answers.push(await stack.gql(aliased, { token }));
      calls.push(stack.ct.requests.length - before);
    }
    expect(calls).toEqual([1, 1]);
    expect(answers[1]!.body.errors).toBeUndefined();
    expect(Object.values(answers[1]!.body.data!).map((p) => (p as { id: string }).id)).toEqual(ids);
    expect(answers[1]!.text).toBe(answers[0]!.text);
  });

  it('runs mutations, and leaves GET, batches and extensions to Apollo', async () => {
    const draft = { amountPlanned: { currencyCode: 'EUR', centAmount: 7 } };
    const created = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft } });
    expect(created.body.errors).toBeUndefined();
    const before = apolloCalls.mock.calls.length;
    const withExtensions = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: CREATE, variables: { draft }, extensions: {} }),
    });
    expect(withExtensions.status).toBe(200);
    expect(apolloCalls.mock.calls.length - before).toBe(1);
  });
});

describe('fast path masking', () => {
  let stub: StubStack;
  beforeAll(async () => {
    stub = await startStubStack();
  });
  afterAll(() => stub.close());

  it('masks an unexpected error as INTERNAL_SERVER_ERROR with the request id, as Apollo does, and logs the original', async () => {
    stub.ct.handler = faults.json(200, { ...(paymentPage(['p-9']) as object), results: [{ id: 'p-9', amountPlanned: {}, transactions: 'not-a-list' }] });
    const headers = { 'x-request-id': 'fast-mask-1' };
    const { apollo, fast } = await viaBothPaths(stub.gql, '{ myPayments(first: 1) { nodes { id transactions { id } } } }', { headers });
    expect(apollo.body.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'fast-mask-1' } });
    expectSameAnswer(apollo, fast);
    expect(stub.logs.filter((line) => line.includes('fast-mask-1') && line.includes('unexpected error'))).toHaveLength(2);
  });
});

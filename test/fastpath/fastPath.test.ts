import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStack, type GqlOptions, type GraphqlResponse, type TestStack } from '../helpers/stack.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { CREATE, PAYMENT_FIELDS } from '../commercetools/fragments.ts';

// Fast-path only (test/vitest.config.ts): counts the requests Apollo's pipeline serves; the rest were served compiled.
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
  for (const name of ['content-type', 'cache-control', 'content-length', 'transfer-encoding']) expect(b.headers.get(name)).toBe(a.headers.get(name));
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

  it('answers identical aliases (executed once) exactly as Apollo answers them executed one by one', async () => {
    // Mixed on purpose: copies, a distinct field, a skipped field, and spacing that moves each copy's locations.
    const query = `query Siblings($skip: Boolean!) {
      first: myPayment(id: "${ids[1]}") { id amountPlanned { centAmount } }
      other: myPayment(id: "${ids[2]}") { id }
      second:   myPayment(id: "${ids[1]}") {  id amountPlanned { centAmount } }
      skipped: myPayment(id: "${ids[3]}") @skip(if: $skip) { id }
      third: myPayment(id: "${ids[1]}")
        { id amountPlanned { centAmount } }
    }`;
    const { apollo, fast } = await viaBothPaths(stack.gql, query, { token, variables: { skip: true } });
    expect(apollo.body.errors).toBeUndefined();
    expect(Object.keys(apollo.body.data!)).toEqual(['first', 'other', 'second', 'third']);
    expectSameAnswer(apollo, fast);
    // Without a token every alias fails on its own: one error each, with its own path and locations.
    const denied = await viaBothPaths(stack.gql, `${query} # again, so Apollo sees it first`, { variables: { skip: false } });
    expect(denied.apollo.body.errors?.map((e) => e.path?.[0]).sort()).toEqual(['first', 'other', 'second', 'skipped', 'third']);
    expectSameAnswer(denied.apollo, denied.fast);
  });

  it('runs mutations with extensions compiled, and leaves a GET mutation (405) to Apollo', async () => {
    const draft = { amountPlanned: { currencyCode: 'EUR', centAmount: 7 } };
    const created = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft } });
    expect(created.body.errors).toBeUndefined();
    const before = apolloCalls.mock.calls.length;
    const withExtensions = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: CREATE, variables: { draft }, extensions: { clientLibrary: { name: '@apollo/client', version: '4.0.0' } } }),
    });
    expect(withExtensions.status).toBe(200);
    expect(apolloCalls.mock.calls.length - before).toBe(0);
    const search = new URLSearchParams({ query: CREATE, variables: JSON.stringify({ draft }) });
    const viaGet = await fetch(`${stack.gateway.url}?${search}`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    expect(viaGet.status).toBe(405);
    expect(apolloCalls.mock.calls.length - before).toBe(1);
  });

  it('keeps a list literal of variables for a list of scalars on the fast path (only a scalar taking a whole literal is left to Apollo)', async () => {
    const query = 'query Sorted($s: String!) { myPayments(first: 2, sort: [$s]) { nodes { id } } }';
    // Another value the second time: a plan that kept the first request's list would answer the same order again.
    const { apollo, fast } = await viaBothPaths(stack.gql, query, { token, variables: { s: 'createdAt asc' } }, { token, variables: { s: 'createdAt desc' } });
    expect(apollo.body.errors).toBeUndefined();
    expect(fast.body.errors).toBeUndefined();
    const nodeIds = (res: typeof apollo) => (res.body.data as { myPayments: { nodes: Array<{ id: string }> } }).myPayments.nodes.map((node) => node.id);
    expect(nodeIds(apollo)).toHaveLength(2);
    expect(nodeIds(fast)).not.toEqual(nodeIds(apollo));
    const reference = await stack.gql(query.replace('[$s]', '["createdAt desc"]').replace('($s: String!)', ''), { token });
    expect(nodeIds(fast)).toEqual(nodeIds(reference));
  });

  it('lists the errors of identical aliases in graphql-js\'s order: refused arguments at once, in field order, then the rest', async () => {
    const query = `query Order { a: myPayment(id: "bad!") { id } x: myPayment(id: "${ids[4]}") { id } b: myPayment(id: "bad!") { id } }`;
    const { apollo, fast } = await viaBothPaths(stack.gql, query, { token: 'nope' });
    expect(apollo.body.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([
      ['a', 'BAD_USER_INPUT'],
      ['b', 'BAD_USER_INPUT'],
      ['x', 'UNAUTHENTICATED'],
    ]);
    expectSameAnswer(apollo, fast);
  });

  it('leaves a request without a non-null variable that has a default to Apollo, which takes the default', async () => {
    // graphql-jit would refuse it ("was not provided"); graphql-js uses the default.
    const query = `query Defaulted($id: ID! = "${ids[1]}") { myPayment(id: $id) { id } }`;
    const before = apolloCalls.mock.calls.length;
    const answers = [await stack.gql(query, { token }), await stack.gql(query, { token })];
    expect(apolloCalls.mock.calls.length - before).toBe(2);
    for (const answer of answers) expect(answer.body).toEqual({ data: { myPayment: { id: ids[1] } } });
    expectSameAnswer(answers[0]!, answers[1]!);
    // Given, the variable is the fast path's again.
    const given = await stack.gql(query, { token, variables: { id: ids[2] } });
    expect(given.body).toEqual({ data: { myPayment: { id: ids[2] } } });
    expect(apolloCalls.mock.calls.length - before).toBe(2);
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

  it('reports a nested error once per identical alias, at that alias\'s own path and location', async () => {
    stub.ct.handler = faults.json(200, { ...(paymentPage(['p-9']) as object), results: [{ id: 'p-9', amountPlanned: {}, transactions: 'not-a-list' }] });
    const payment = 'myPayment(id: "p-9") { id transactions { id } }';
    const headers = { 'x-request-id': 'fast-siblings-1' };
    const { apollo, fast } = await viaBothPaths(stub.gql, `{ a: ${payment}\n    b: ${payment} }`, { headers });
    expect(apollo.body.data).toEqual({ a: null, b: null });
    expect(apollo.body.errors?.map((e) => [e.path, (e as { locations?: unknown }).locations])).toEqual([
      [['a', 'transactions'], [{ line: 1, column: 32 }]],
      [['b', 'transactions'], [{ line: 2, column: 34 }]],
    ]);
    expectSameAnswer(apollo, fast);
    // A non-null root field nulls all data: graphql-js then reports the first error only, and so does the copy.
    const page = '(first: 1) { nodes { id transactions { id } } }';
    const whole = await viaBothPaths(stub.gql, `{ a: myPayments${page} b: myPayments${page} }`, { headers });
    expect(whole.apollo.body).toMatchObject({ data: null, errors: [{ path: ['a', 'nodes', 0, 'transactions'] }] });
    expectSameAnswer(whole.apollo, whole.fast);
  });
});

import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postBatch } from '../helpers/graphqlClient.ts';
import { SHAPES, sendShaped, type RequestShape } from '../helpers/requestShapes.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

// Fast-path only (test/vitest.config.ts): asserts which engine served each request.
const apolloCalls = vi.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');
const MANIFEST = fileURLToPath(new URL('./fixtures/persisted-documents.json', import.meta.url));
const FIRST = 'query FirstPayments($first: Int) { myPayments(first: $first, sort: ["createdAt asc"]) { totalCount nodes { id amountPlanned { centAmount } } } }';

describe('every request shape runs compiled once its document is known', () => {
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack({ PERSISTED_DOCUMENTS: MANIFEST, FAST_PATH: 'on' });
    token = (await stack.ct.createCustomerToken()).token;
  });
  afterAll(() => stack.close());

  it.each(SHAPES.filter((shape) => shape !== 'apqHashOnly' && shape !== 'apqGet'))('%s: Apollo once, then compiled', async (shape: RequestShape) => {
    const query = shape === 'documentId' ? FIRST : `${FIRST} # ${shape}`;
    const operation = { query, variables: { first: 2 }, headers: { authorization: `Bearer ${token}` } };
    const before = apolloCalls.mock.calls.length;
    const first = await sendShaped(stack.gateway.url, shape, operation);
    expect(first.body.errors).toBeUndefined();
    const viaApollo = apolloCalls.mock.calls.length - before;
    const again = [await sendShaped(stack.gateway.url, shape, operation), await sendShaped(stack.gateway.url, shape, operation)];
    expect(again.map((res) => res.text)).toEqual([first.text, first.text]);
    expect(again.map((res) => res.headers.get('content-type'))).toEqual([first.headers.get('content-type'), first.headers.get('content-type')]);
    expect([viaApollo, apolloCalls.mock.calls.length - before]).toEqual([1, 1]);
  });

  it('APQ hash-only, POST and GET, runs compiled after registration; the landing page and CSRF-refused GETs stay with Apollo', async () => {
    const operation = { query: `${FIRST} # apq`, variables: { first: 1 }, headers: { authorization: `Bearer ${token}` } };
    await sendShaped(stack.gateway.url, 'apqRegister', operation);
    const before = apolloCalls.mock.calls.length;
    for (const shape of ['apqHashOnly', 'apqGet'] as const) expect((await sendShaped(stack.gateway.url, shape, operation)).status).toBe(200);
    expect(apolloCalls.mock.calls.length - before).toBe(0);

    const page = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html']);
    const search = new URLSearchParams({ query: operation.query, variables: JSON.stringify(operation.variables) });
    const csrf = await fetch(`${stack.gateway.url}?${search}`, { headers: { authorization: `Bearer ${token}` } });
    expect(csrf.status).toBe(400);
    expect(apolloCalls.mock.calls.length - before).toBe(2);
  });
});

describe('a batch\'s operations run compiled once their documents are known (ALLOW_BATCHING)', () => {
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack({ FAST_PATH: 'on', ALLOW_BATCHING: 'true' });
    token = (await stack.ct.createCustomerToken()).token;
    const created = await stack.gql('mutation { createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: 1234 } }) { id } }', { token });
    expect(created.body.errors).toBeUndefined();
  });
  afterAll(() => stack.close());

  it('Apollo once per new document, then none, with the same answer', async () => {
    const send = async () => {
      const { status, body } = await postBatch(stack.gateway.url, [{ query: `${FIRST} # batch`, variables: { first: 1 } }, { query: '{ myPayments(first: 1) { totalCount } }' }], {
        authorization: `Bearer ${token}`,
      });
      return { status, body };
    };
    const before = apolloCalls.mock.calls.length;
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.body).toEqual([
      { data: { myPayments: { totalCount: 1, nodes: [{ id: expect.any(String), amountPlanned: { centAmount: 1234 } }] } } },
      { data: { myPayments: { totalCount: 1 } } },
    ]);
    expect(apolloCalls.mock.calls.length - before).toBe(2);
    expect(await send()).toEqual(first);
    expect(apolloCalls.mock.calls.length - before).toBe(2);
  });
});

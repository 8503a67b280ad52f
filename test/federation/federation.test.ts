import { FAST_PATH } from '../helpers/engine.ts';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { until } from '../helpers/until.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlpReceiver.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { outline } from '../tracing/spanTree.ts';
import { postGraphql } from '../helpers/graphqlClient.ts';
import { CREATE } from '../commercetools/fragments.ts';
import { ORDERS_SDL, startOrdersSubgraph, type OrdersSubgraph } from './ordersSubgraph.ts';

const executeSpy = vi.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');

interface RouterContext {
  authorization: string | undefined;
}

const ORDERS_QUERY = `query Orders { orders { id payment { id amountPlanned { centAmount currencyCode } } } }`;
type OrdersData = { orders: Array<{ id: string; payment: { id: string; amountPlanned: { centAmount: number; currencyCode: string } } | null }> };

describe('the gateway as an Apollo Federation 2 subgraph (SUBGRAPH=true)', () => {
  let stack: TestStack;
  let receiver: OtlpReceiver;
  let orders: OrdersSubgraph;
  let router: ApolloServer<RouterContext>;
  let routerUrl: string;
  let alice: string;
  let aliceIds: string[];
  let bobId: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startTestStack({ SUBGRAPH: 'true', ...receiver.gatewayEnv });
    alice = (await stack.ct.createCustomerToken()).token;
    const bob = (await stack.ct.createCustomerToken()).token;
    aliceIds = [];
    for (let i = 0; i < 98; i++) aliceIds.push(await createPayment(stack, alice, 1000 + i));
    bobId = await createPayment(stack, bob, 7);

    orders = await startOrdersSubgraph();
    const sdl = await postGraphql<{ _service: { sdl: string } }>(stack.gateway.url, '{ _service { sdl } }');
    const composed = composeServices([
      { name: 'payments', typeDefs: parse(sdl.body.data!._service.sdl), url: stack.gateway.url },
      { name: 'orders', typeDefs: ORDERS_SDL, url: orders.url },
    ]);
    if (composed.errors !== undefined) throw new Error(`Composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);

    // A real federation gateway on a static supergraph; it forwards the shopper's own token to the subgraphs.
    router = new ApolloServer<RouterContext>({
      gateway: new ApolloGateway({
        supergraphSdl: composed.supergraphSdl,
        buildService: ({ url }) =>
          new RemoteGraphQLDataSource<RouterContext>({
            url,
            willSendRequest({ request, context }) {
              if (context.authorization !== undefined) request.http?.headers.set('authorization', context.authorization);
            },
          }),
      }),
    });
    ({ url: routerUrl } = await startStandaloneServer(router, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    }));
  });

  afterAll(async () => {
    await router?.stop();
    await orders?.close();
    await stack?.close();
    await receiver?.close();
  });

  it('answers _service { sdl } with MyPayment @key(fields: "id") and Federation 2 @link', async () => {
    const res = await stack.gql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(res.body.data!._service.sdl).toMatch(/type MyPayment\s+@key\(fields: "id"\)/);
    expect(res.body.data!._service.sdl).toContain('https://specs.apollo.dev/federation/v2.7');
  });

  it('resolves 100 order payments through the router with one batched upstream call, each as the caller may see it', async () => {
    orders.orders = [...aliceIds, bobId, 'no-such-payment'].map((paymentId, i) => ({ id: `order-${i}`, paymentId }));
    for (let run = 0; run < 2; run++) {
      const apolloBefore = executeSpy.mock.calls.length;
      const before = stack.ct.requests.length;
      const res = await postGraphql<OrdersData>(routerUrl, ORDERS_QUERY, { token: alice });
      expect(res.body.errors).toBeUndefined();
      const got = res.body.data!.orders;
      expect(got).toHaveLength(100);
      expect(got.slice(0, 98).map((order) => order.payment)).toEqual(aliceIds.map((id, i) => ({ id, amountPlanned: { centAmount: 1000 + i, currencyCode: 'EUR' } })));
      // Someone else's payment and a missing one: null, as `myPayment` answers them.
      expect(got.slice(98).map((order) => order.payment)).toEqual([null, null]);

      const calls = stack.ct.requests.slice(before);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.authorization).toBe(`Bearer ${alice}`);
      expect(calls[0]!.query.getAll('var.ids').sort()).toEqual([...aliceIds, bobId, 'no-such-payment'].sort());
      // Router, orders subgraph and (the first time only, with the fast path on) the payments gateway's Apollo pipeline.
      expect(executeSpy.mock.calls.length - apolloBefore).toBe(run === 0 || FAST_PATH === 'off' ? 3 : 2);
    }
  });

  it('traces the entity lookup like any other operation: one batch of 100, one upstream call', async () => {
    const entitiesSpan = () => receiver.spans.find((span) => span.name === 'Query._entities');
    await until(() => entitiesSpan() !== undefined, 'the Query._entities span to be exported', 5000);
    const entities = entitiesSpan();
    const spans = await receiver.trace(entities!.traceId);
    expect(outline(spans)).toEqual(['POST /graphql', '  query Orders__payments__1', '    DataLoader paymentById', '      GET /me/payments', '    Query._entities']);
    expect(spans.find((span) => span.name === 'DataLoader paymentById')?.attributes['gateway.dataloader.batch_size']).toBe(100);
  });

  it('logs and counts the subgraph request like any other operation', async () => {
    const lines = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'graphql operation');
    const subgraphLines = lines.filter((line) => line.operationName === 'Orders__payments__1');
    expect(subgraphLines.length).toBeGreaterThan(0);
    for (const line of subgraphLines) expect(line.errorCodes).toEqual([]);
    const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
    expect(metrics).toMatch(/gateway_dataloader_batch_size_sum\{loader="paymentById"\} [1-9]/);
  });

  it('warns at start that the per-address rate limit would count the router\'s address for every caller', () => {
    const warnings = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === 40 && String(line.msg).includes('per-address rate limit'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('TRUST_PROXY');
  });

  it('refuses more representations than MAX_ENTITIES before any upstream call', async () => {
    const representations = Array.from({ length: 501 }, (_, i) => ({ __typename: 'MyPayment', id: `p${i}` }));
    const before = stack.ct.requests.length;
    const res = await stack.gql(`query Many($r: [_Any!]!) { _entities(representations: $r) { ... on MyPayment { id } } }`, { token: alice, variables: { r: representations } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(stack.ct.requests.length).toBe(before);
  });

  it('counts representations given as a variable\'s default against MAX_ENTITIES', async () => {
    const six = Array.from({ length: 6 }, (_, i) => `{__typename: "MyPayment", id: "p${i}"}`).join(', ');
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: _entities(representations: $r) { __typename }`).join(' ');
    const before = stack.ct.requests.length;
    const res = await stack.gql(`query Defaulted($r: [_Any!]! = [${six}]) { ${aliases} }`, { token: alice });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('600 entity representations exceed the limit of 500.');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(stack.ct.requests.length).toBe(before);
  });

  it('answers each bad representation with its own BAD_USER_INPUT and still resolves the good ones, on every request', async () => {
    const query = 'query Mixed($r: [_Any!]!) { _entities(representations: $r) { ... on MyPayment { id } } }';
    const r = [{ __typename: 'MyPayment' }, { __typename: 'Order', id: 'x' }, 'abc', { __typename: 'MyPayment', id: 'x'.repeat(300) }, { __typename: 'MyPayment', id: aliceIds[0] }];
    // The first time Apollo's pipeline, then (FAST_PATH=on) the compiled one: the same answer.
    const answers = [];
    for (let run = 0; run < 2; run++) {
      const before = stack.ct.requests.length;
      answers.push(await stack.gql(query, { token: alice, variables: { r }, headers: { 'x-request-id': `bad-reps-${run}` } }));
      // Only the good id went upstream.
      expect(stack.ct.requests.slice(before).map((call) => call.query.getAll('var.ids'))).toEqual([[aliceIds[0]]]);
    }
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ _entities: [null, null, null, null, { id: aliceIds[0] }] });
      expect(res.body.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([0, 1, 2, 3].map((i) => ['BAD_USER_INPUT', ['_entities', i]]));
      expect(res.text).not.toContain('x'.repeat(300));
    }
    expect(answers[1]!.text.replace(/bad-reps-1/g, 'bad-reps-0')).toBe(answers[0]!.text);
    // A caller's mistake, not the gateway's: nothing logged as unexpected.
    const unexpected = stack.logs.filter((line) => line.includes('"bad-reps-') && line.includes('"unexpected error"'));
    expect(unexpected).toEqual([]);
  });

  it('keeps a variable written inside a representation literal, on every request', async () => {
    const query = 'query Inline($id: ID!) { _entities(representations: [{__typename: "MyPayment", id: $id}]) { ... on MyPayment { id } } }';
    for (let run = 0; run < 3; run++) {
      const res = await stack.gql(query, { token: alice, variables: { id: aliceIds[run] } });
      expect(res.body).toEqual({ data: { _entities: [{ id: aliceIds[run] }] } });
    }
  });

  it('splits 400 representations into upstream calls whose URLs stay under 8 KB', async () => {
    const ids = [aliceIds[0]!, ...Array.from({ length: 399 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)];
    const before = stack.ct.requests.length;
    const res = await stack.gql<{ _entities: Array<{ id: string } | null> }>('query Big($r: [_Any!]!) { _entities(representations: $r) { ... on MyPayment { id } } }', {
      token: alice,
      variables: { r: ids.map((id) => ({ __typename: 'MyPayment', id })) },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities).toEqual([{ id: aliceIds[0] }, ...Array.from({ length: 399 }, () => null)]);
    const calls = stack.ct.requests.slice(before);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(`${call.path}?${call.query}`.length).toBeLessThan(8192);
    expect(calls.flatMap((call) => call.query.getAll('var.ids')).sort()).toEqual([...ids].sort());
  });

  it('needs the caller\'s token for entities, as for myPayment', async () => {
    const res = await stack.gql(`query One($r: [_Any!]!) { _entities(representations: $r) { ... on MyPayment { id } } }`, { variables: { r: [{ __typename: 'MyPayment', id: aliceIds[0] }] } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('SUBGRAPH off (the default)', () => {
  it('has no federation fields', async () => {
    const stack = await startTestStack();
    try {
      const res = await stack.gql('{ _service { sdl } }');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await stack.close();
    }
  });
});

async function createPayment(stack: TestStack, token: string, centAmount: number): Promise<string> {
  const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount } } } });
  if (res.body.data?.createMyPayment === undefined) throw new Error(`Could not create a payment: ${res.text}`);
  return res.body.data.createMyPayment.id;
}

import { FAST_PATH } from '../helpers/engine.ts';
import { ApolloServer } from '@apollo/server';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlpReceiver.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { CREATE } from '../commercetools/fragments.ts';
import { ADD_ORDER_PAYMENTS, referenceInput } from '../occ/fixtures.ts';
import { logged } from '../helpers/spanExportHealth.ts';
import { byName, clientTraceparent, outline } from './spanTree.ts';

// Counts the requests Apollo's pipeline serves; the rest were served by the fast path.
const apolloCalls = vi.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

describe('OpenTelemetry traces through the gateway and both upstreams', () => {
  let receiver: OtlpReceiver;
  let stack: TestStack;
  let token: string;
  let ids: string[];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startTestStack({
      ...receiver.gatewayEnv,
      OTEL_SERVICE_NAME: 'payments-test',
    });
    token = (await stack.ct.createCustomerToken()).token;
    ids = [];
    for (let i = 0; i < 3; i++) {
      const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 100 + i } } } });
      ids.push(res.body.data!.createMyPayment.id);
    }
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  it('continues the caller\'s trace: server span, operation, root field, batch and upstream call, traceparent sent upstream', async () => {
    const client = clientTraceparent();
    const before = stack.ct.requests.length;
    const headers = { traceparent: client.header, tracestate: 'vendor=opaque-1' };
    const res = await stack.gql(`query One($id: ID!) { myPayment(id: $id) { id } }`, { token, variables: { id: ids[0] }, headers });
    expect(res.body.errors).toBeUndefined();
    const spans = await receiver.trace(client.traceId);
    expect(outline(spans)).toEqual(['POST /graphql', '  query One', '    DataLoader paymentById', '      GET /me/payments', '    Query.myPayment']);

    const server = byName(spans, 'POST /graphql');
    expect(server).toMatchObject({ kind: SERVER, parentSpanId: client.spanId, serviceName: 'payments-test' });
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
    const operation = byName(spans, 'query One');
    expect(operation.attributes).toEqual({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'One',
      // A keyed hash (HMAC-SHA-256, base64url), never the SHA-256 a document's inline card data could be guessed from.
      'graphql.document.hash': expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(byName(spans, 'Query.myPayment')).toMatchObject({ parentSpanId: operation.spanId, attributes: { 'graphql.field.name': 'myPayment' } });
    const batch = byName(spans, 'DataLoader paymentById');
    expect(batch).toMatchObject({ parentSpanId: operation.spanId, attributes: { 'gateway.dataloader.batch_size': 1 } });
    const call = byName(spans, 'GET /me/payments');
    expect(call).toMatchObject({ kind: CLIENT, parentSpanId: batch.spanId });
    expect(call.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.template': '/me/payments',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
      'gateway.upstream': 'commercetools',
      'gateway.upstream.attempts': 1,
      'gateway.upstream.breaker_state': 'closed',
    });
    // The emulator got the call span's own traceparent: its side of the work joins this trace.
    const received = stack.ct.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.traceparent).toBe(`00-${client.traceId}-${call.spanId}-01`);
    expect(received[0]!.headers.tracestate).toBe('vendor=opaque-1');
  });

  it('puts one batch span and one upstream call under an operation of many aliased lookups', async () => {
    const client = clientTraceparent();
    const query = `query Many { ${ids.map((id, i) => `p${i}: myPayment(id: "${id}") { id }`).join(' ')} }`;
    await stack.gql(query, { token, headers: { traceparent: client.header } });
    const spans = await receiver.trace(client.traceId);
    expect(outline(spans)).toEqual([
      'POST /graphql',
      '  query Many',
      '    DataLoader paymentById',
      '      GET /me/payments',
      '    Query.myPayment',
      '    Query.myPayment',
      '    Query.myPayment',
    ]);
    expect(byName(spans, 'DataLoader paymentById').attributes['gateway.dataloader.batch_size']).toBe(3);
    expect(spans.filter((span) => span.name === 'Query.myPayment').map((span) => span.attributes['graphql.field.path']).sort()).toEqual(['p0', 'p1', 'p2']);
  });

  it('hangs a mutation\'s upstream call under its root field, and the card payment span holds no card data', async () => {
    const client = clientTraceparent();
    const before = stack.occ.requests.length;
    const res = await stack.gql(ADD_ORDER_PAYMENTS, {
      variables: { input: referenceInput('o810001') },
      occToken: stack.occ.demo.agentToken,
      operationName: 'AddOrderPayments',
      headers: { traceparent: client.header },
    });
    expect(res.body.errors).toBeUndefined();
    const spans = await receiver.trace(client.traceId);
    expect(outline(spans)).toEqual(['POST /graphql', '  mutation AddOrderPayments', '    Mutation.addOrderPayments', '      POST /ccagent/v1/payment']);
    const call = byName(spans, 'POST /ccagent/v1/payment');
    expect(call.attributes).toMatchObject({ 'gateway.upstream': 'occ', 'url.template': '/ccagent/v1/payment', 'http.response.status_code': 200, 'gateway.upstream.attempts': 1 });
    expect(stack.occ.requests.slice(before)[0]!.headers.traceparent).toBe(`00-${client.traceId}-${call.spanId}-01`);
    const text = JSON.stringify(spans);
    for (const secret of ['4111111111111111', '536564', '"333"', '"123"', stack.occ.demo.agentToken]) expect(text).not.toContain(secret);
  });

  it('gives the operation and root field the gateway\'s error code', async () => {
    const client = clientTraceparent();
    const res = await stack.gql(`mutation Stale($id: ID!) { updateMyPayment(id: $id, version: 99, actions: [{ setMethodInfoMethod: { method: "SEPA" } }]) { id } }`, {
      token,
      variables: { id: ids[1] },
      headers: { traceparent: client.header },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CONCURRENT_MODIFICATION');
    const spans = await receiver.trace(client.traceId);
    expect(byName(spans, 'mutation Stale')).toMatchObject({ status: { code: ERROR, message: 'CONCURRENT_MODIFICATION' }, attributes: { 'error.type': 'CONCURRENT_MODIFICATION' } });
    expect(byName(spans, 'Mutation.updateMyPayment')).toMatchObject({ status: { code: ERROR, message: 'CONCURRENT_MODIFICATION' } });
    expect(byName(spans, 'POST /me/payments/{id}')).toMatchObject({ status: { code: ERROR }, attributes: { 'http.response.status_code': 409, 'error.type': '409' } });
    // A GraphQL error answer is still HTTP 200: the server span is not a failure.
    expect(byName(spans, 'POST /graphql').status.code ?? 0).not.toBe(ERROR);
  });

  it('produces the same spans on Apollo\'s pipeline and on the fast path', async () => {
    const query = `query Same($id: ID!) { a: myPayment(id: $id) { id } b: myPayments(first: 2) { totalCount } }`;
    const trees: string[][] = [];
    const attributes: unknown[] = [];
    for (let run = 0; run < 2; run++) {
      const client = clientTraceparent();
      const before = apolloCalls.mock.calls.length;
      await stack.gql(query, { token, variables: { id: ids[2] }, headers: { traceparent: client.header } });
      // The first sighting runs on Apollo, the second on the fast path (on Apollo again in the `apollo` project).
      expect(apolloCalls.mock.calls.length - before).toBe(run === 0 || FAST_PATH === 'off' ? 1 : 0);
      const spans = await receiver.trace(client.traceId);
      trees.push(outline(spans));
      attributes.push(spans.map((span) => [span.name, span.kind, span.status, withoutPorts(span.attributes)]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    }
    expect(trees[0]).toEqual(['POST /graphql', '  query Same', '    DataLoader paymentById', '      GET /me/payments', '    Query.myPayment', '    Query.myPayments', '      GET /me/payments']);
    expect(trees[1]).toEqual(trees[0]);
    expect(attributes[1]).toEqual(attributes[0]);
  });

  it('puts the trace and operation span ids on the operation\'s log line', async () => {
    const client = clientTraceparent();
    await stack.gql(`query Logged { myPaymentExists(id: "nope") }`, { token, headers: { traceparent: client.header, 'x-request-id': `logged-${client.spanId}` } });
    const spans = await receiver.trace(client.traceId);
    const line = logged(stack, 'graphql operation').find((entry) => entry.requestId === `logged-${client.spanId}`);
    expect(line).toMatchObject({ traceId: client.traceId, spanId: byName(spans, 'query Logged').spanId });
  });

  it('masks a card-like run in the trace id a caller chose on the log line, and traces under the id as sent', async () => {
    // A valid W3C trace id whose first 16 hex digits are a Luhn-valid test card number (a letter ends the digit run).
    // Its spans keep it, as W3C requires to join the caller's trace: it is the caller's id, not card data it sent.
    const cardLike = '3530111333300000';
    const traceId = `${cardLike}f${clientTraceparent().traceId.slice(17)}`;
    const requestId = `card-trace-${traceId.slice(17)}`;
    await stack.gql(`query CardTrace { myPaymentExists(id: "nope") }`, { token, headers: { traceparent: `00-${traceId}-${clientTraceparent().spanId}-01`, 'x-request-id': requestId } });
    const spans = await receiver.trace(traceId);
    const line = logged(stack, 'graphql operation').find((entry) => entry.requestId === requestId);
    expect(line).toMatchObject({ traceId: `353011******0000${traceId.slice(16)}`, spanId: byName(spans, 'query CardTrace').spanId });
    expect(stack.logs.filter((text) => text.includes(cardLike))).toEqual([]);
  });

  it('masks card-like digits in the operation name and aliases the caller chose', async () => {
    const client = clientTraceparent();
    await stack.gql(`query Q4111111111111111 { _4111111111111111: myPaymentExists(id: "nope") }`, { token, headers: { traceparent: client.header } });
    const spans = await receiver.trace(client.traceId);
    expect(byName(spans, 'query Q411111******1111').attributes['graphql.operation.name']).toBe('Q411111******1111');
    expect(byName(spans, 'Query.myPaymentExists').attributes['graphql.field.path']).toBe('_411111******1111');
    expect(JSON.stringify(spans)).not.toContain('4111111111111111');
  });

  it('masks card digits in names however letters, hex digits or underscores surround them, in spans and on the log line', async () => {
    const names = ['a4111111111111111', 'Deadbeef4111111111111111', 'q4111111111111111f', 'x_4111_1111_1111_1111'];
    const masked = ['a411111******1111', 'Deadbeef411111******1111', 'q411111******1111f', 'x_411111******1111'];
    for (const [i, name] of names.entries()) {
      const client = clientTraceparent();
      const requestId = `masked-name-${i}-${client.spanId}`;
      await stack.gql(`query ${name} { ${name}: myPaymentExists(id: "nope") }`, { token, headers: { traceparent: client.header, 'x-request-id': requestId } });
      const spans = await receiver.trace(client.traceId);
      expect(byName(spans, `query ${masked[i]}`).attributes['graphql.operation.name']).toBe(masked[i]);
      expect(byName(spans, 'Query.myPaymentExists').attributes['graphql.field.path']).toBe(masked[i]);
      const line = logged(stack, 'graphql operation').find((entry) => entry.requestId === requestId);
      expect(line?.operationName).toBe(masked[i]);
    }
    const everything = JSON.stringify(receiver.spans) + stack.logs.join('\n');
    for (const digits of ['4111111111111111', '4111_1111_1111_1111']) expect(everything).not.toContain(digits);
  });

  it('names a document by a keyed hash: one document one hash, and a card number written into it cannot be guessed back', async () => {
    const hashes: unknown[] = [];
    const query = 'query Inline { myPaymentExists(id: "4111111111111111") }';
    for (let run = 0; run < 2; run++) {
      const client = clientTraceparent();
      await stack.gql(query, { token, headers: { traceparent: client.header } });
      hashes.push(byName(await receiver.trace(client.traceId), 'query Inline').attributes['graphql.document.hash']);
    }
    expect(hashes[1]).toBe(hashes[0]);
    const sha256 = createHash('sha256').update(query).digest();
    expect([sha256.toString('hex'), sha256.toString('base64url')]).not.toContain(hashes[0]);
  });

  it('drops a caller\'s tracestate member that holds a card number, from spans and upstream, and keeps the others', async () => {
    const client = clientTraceparent();
    const before = stack.ct.requests.length;
    const headers = { traceparent: client.header, tracestate: 'vendor=opaque-1,pan=4111111111111111,other=x' };
    await stack.gql('query State { myPaymentExists(id: "nope") }', { token, headers });
    const spans = await receiver.trace(client.traceId);
    for (const span of spans) expect(span.traceState).toBe('vendor=opaque-1,other=x');
    expect(stack.ct.requests.slice(before)[0]!.headers.tracestate).toBe('vendor=opaque-1,other=x');
  });

  it('starts a new trace when the caller sends none', async () => {
    const before = stack.ct.requests.length;
    await stack.gql(`query Fresh { myPaymentExists(id: "nope") }`, { token });
    const traceparent = String(stack.ct.requests[before]?.headers.traceparent);
    const [, traceId] = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(traceparent) ?? [];
    expect(traceId, `upstream traceparent "${traceparent}"`).toBeDefined();
    const spans = await receiver.trace(traceId!);
    expect(byName(spans, 'POST /graphql').parentSpanId).toBeUndefined();
    expect(outline(spans)).toEqual(['POST /graphql', '  query Fresh', '    Query.myPaymentExists', '      HEAD /me/payments/{id}']);
  });
});

/** Ports differ between the two runs' sockets; everything else must be equal. */
function withoutPorts(attributes: Record<string, unknown>): Record<string, unknown> {
  const { 'server.port': _port, ...rest } = attributes;
  return rest;
}

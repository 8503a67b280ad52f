import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlpReceiver.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { logged } from '../helpers/spanExportHealth.ts';
import { byName, clientTraceparent, outline } from './spanTree.ts';

const ERROR = 2;

/** Requests answered before either engine runs them: still in their caller's trace, their log line carrying its ids. */
describe('traces of requests the gateway refuses or does not know', () => {
  let receiver: OtlpReceiver;
  let stack: TestStack;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Three GraphQL requests a minute from this address: the tests below spend them in order.
    stack = await startTestStack({ ...receiver.gatewayEnv, RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  const post = (body: unknown, headers: Record<string, string>, method = 'POST') =>
    fetch(new URL('/graphql', stack.gateway.url), { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('gives a request refused by the persisted-query rules an operation span with its code, and its log line the ids', async () => {
    const client = clientTraceparent();
    const requestId = `refused-${client.spanId}`;
    const res = await post(
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
      { traceparent: client.header, 'x-request-id': requestId },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    const spans = await receiver.trace(client.traceId);
    expect(outline(spans)).toEqual(['POST /graphql', '  GraphQL Operation']);
    const operation = byName(spans, 'GraphQL Operation');
    expect(operation).toMatchObject({ status: { code: ERROR, message: 'PERSISTED_QUERY_HASH_MISMATCH' }, attributes: { 'error.type': 'PERSISTED_QUERY_HASH_MISMATCH' } });
    const line = logged(stack, 'graphql operation').find((entry) => entry.requestId === requestId);
    expect(line).toMatchObject({ traceId: client.traceId, spanId: operation.spanId, errorCodes: ['PERSISTED_QUERY_HASH_MISMATCH'] });
  });

  it('names a request with a method HTTP does not define `HTTP /graphql`, method _OTHER', async () => {
    const client = clientTraceparent();
    const res = await post({ query: '{ __typename }' }, { traceparent: client.header }, 'PROPFIND');
    expect(res.status).toBe(405);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    const spans = await receiver.trace(client.traceId);
    expect(byName(spans, 'HTTP /graphql').attributes).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PROPFIND' });
  });

  it('logs and traces a body that is not JSON (400 BAD_REQUEST) like any refused operation', async () => {
    const client = clientTraceparent();
    const requestId = `not-json-${client.spanId}`;
    const res = await fetch(new URL('/graphql', stack.gateway.url), { method: 'POST', headers: { 'content-type': 'application/json', traceparent: client.header, 'x-request-id': requestId }, body: '{"query":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST', requestId } }] });
    const spans = await receiver.trace(client.traceId);
    expect(outline(spans)).toEqual(['POST /graphql', '  GraphQL Operation']);
    const line = logged(stack, 'graphql operation').find((entry) => entry.requestId === requestId);
    expect(line).toMatchObject({ traceId: client.traceId, errorCodes: ['BAD_REQUEST'] });
  });

  it('keeps a rate-limited request (429) in its caller\'s trace and logs it with its code', async () => {
    let answered = 0;
    let client = clientTraceparent();
    // The limit of three a minute is spent by the tests above: the next request is refused.
    for (; answered < 5; answered++) {
      client = clientTraceparent();
      const res = await post({ query: '{ __typename }' }, { traceparent: client.header, 'x-request-id': `limited-${client.spanId}` });
      if (res.status === 429) break;
    }
    expect(answered, 'no request was refused with 429').toBeLessThan(5);
    const spans = await receiver.trace(client.traceId);
    expect(outline(spans)).toEqual(['POST /graphql', '  GraphQL Operation']);
    expect(byName(spans, 'POST /graphql').attributes).toMatchObject({ 'http.response.status_code': 429, 'error.type': '429' });
    const line = logged(stack, 'graphql operation').find((entry) => entry.requestId === `limited-${client.spanId}`);
    expect(line).toMatchObject({ traceId: client.traceId, errorCodes: ['RATE_LIMITED'] });
    expect(await (await fetch(new URL('/metrics', stack.gateway.url))).text()).toMatch(/gateway_graphql_errors_total\{code="RATE_LIMITED"\} [1-9]/);
  });
});

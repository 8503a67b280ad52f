import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst } from '../helpers/gatewayAgainst.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';

/** Every row of the commercetools error table in FACTS.md, answered by a stub exactly as documented. */
const DOCUMENTED_ERRORS: Array<{ status: number; error: Record<string, unknown>; code: string; extra?: Record<string, unknown> }> = [
  { status: 400, error: { code: 'InvalidInput', message: 'Malformed parameter: where' }, code: 'BAD_USER_INPUT' },
  { status: 400, error: { code: 'InvalidOperation', message: 'Payment has transactions.' }, code: 'INVALID_OPERATION' },
  { status: 400, error: { code: 'InvalidJsonInput', message: 'Request body does not contain valid JSON.', detailedErrorMessage: 'x' }, code: 'BAD_USER_INPUT' },
  { status: 400, error: { code: 'InvalidField', message: 'bad', field: 'amountPlanned.currencyCode', invalidValue: 'XX' }, code: 'BAD_USER_INPUT', extra: { field: 'amountPlanned.currencyCode' } },
  { status: 400, error: { code: 'RequiredField', message: 'missing', field: 'amountPlanned' }, code: 'BAD_USER_INPUT', extra: { field: 'amountPlanned' } },
  { status: 400, error: { code: 'DuplicateField', message: 'dup', field: 'key', duplicateValue: 'a' }, code: 'BAD_USER_INPUT', extra: { field: 'key' } },
  { status: 400, error: { code: 'ReferencedResourceNotFound', message: 'no type', typeId: 'type', key: 'nope' }, code: 'BAD_USER_INPUT' },
  { status: 400, error: { code: 'MoneyOverflow', message: 'overflow' }, code: 'BAD_USER_INPUT' },
  { status: 400, error: { code: 'QueryTimedOut', message: 'timed out' }, code: 'BAD_USER_INPUT' },
  { status: 400, error: { code: 'QueryComplexityLimitExceeded', message: 'complex' }, code: 'BAD_USER_INPUT' },
  { status: 400, error: { code: 'MaxResourceLimitExceeded', message: 'limit', exceededResource: 'payment' }, code: 'INVALID_OPERATION' },
  { status: 401, error: { code: 'invalid_token', message: 'invalid token' }, code: 'UNAUTHENTICATED' },
  { status: 403, error: { code: 'insufficient_scope', message: 'scope' }, code: 'FORBIDDEN' },
  { status: 404, error: { code: 'ResourceNotFound', message: 'not found' }, code: 'NOT_FOUND' },
  { status: 409, error: { code: 'ConcurrentModification', message: 'version', currentVersion: 7 }, code: 'CONCURRENT_MODIFICATION', extra: { currentVersion: 7 } },
  // A write that failed this way may still have been applied ("the change may still have happened").
  { status: 500, error: { code: 'General', message: 'internal' }, code: 'OUTCOME_UNKNOWN', extra: { retryable: false } },
  { status: 502, error: { code: 'BadGateway', message: 'bad gateway' }, code: 'OUTCOME_UNKNOWN', extra: { retryable: false } },
  { status: 503, error: { code: 'OverCapacity', message: 'busy' }, code: 'UPSTREAM_UNAVAILABLE', extra: { retryable: true } },
  { status: 503, error: { code: 'PendingOperation', message: 'pending' }, code: 'UPSTREAM_UNAVAILABLE', extra: { retryable: true } },
];

/**
 * Infrastructure in front of the API answers with bodies that are not the documented JSON. A read is answered by
 * status; a write that got anything but a refusal (429) may have been applied: OUTCOME_UNKNOWN, never retryable.
 */
const UNDOCUMENTED_BODIES: Array<{ status: number; body: string; readCode: string; code: string }> = [
  { status: 429, body: 'Too Many Requests', readCode: 'UPSTREAM_UNAVAILABLE', code: 'UPSTREAM_UNAVAILABLE' },
  { status: 502, body: '<html><body>502 Bad Gateway</body></html>', readCode: 'UPSTREAM_UNAVAILABLE', code: 'OUTCOME_UNKNOWN' },
  { status: 503, body: '<html><body>503 Service Unavailable</body></html>', readCode: 'UPSTREAM_UNAVAILABLE', code: 'OUTCOME_UNKNOWN' },
  { status: 504, body: '<html>Gateway Timeout</html>', readCode: 'UPSTREAM_UNAVAILABLE', code: 'OUTCOME_UNKNOWN' },
  { status: 500, body: '<html>oops at http://internal.example/secret</html>', readCode: 'UPSTREAM_ERROR', code: 'OUTCOME_UNKNOWN' },
  { status: 200, body: '{"limit": 20, "results": [', readCode: 'UPSTREAM_ERROR', code: 'OUTCOME_UNKNOWN' },
];
const READ = '{ myPaymentExists(id: "p-1") }';

const UPDATE = `mutation ($id: ID!) { updateMyPayment(id: $id, version: 1, actions: [{ setMethodInfoMethod: { method: "CARD" } }]) { id } }`;

describe('commercetools errors become typed GraphQL errors', () => {
  let stack: StubStack;
  /** What the stub commercetools answers next. */
  const answer = (status: number, body: string) => {
    stack.ct.handler = (_req, res) => {
      res.writeHead(status, { 'content-type': body.startsWith('{') ? 'application/json' : 'text/html' });
      res.end(body);
    };
  };

  // Mutations are never retried, and a high breaker threshold keeps the circuit out of a test of error mapping.
  beforeAll(async () => {
    stack = await startStubStack({ BREAKER_THRESHOLD: '1000' });
  });
  afterAll(() => stack.close());

  it.each(DOCUMENTED_ERRORS)('$status $error.code → $code', async ({ status, error, code, extra }) => {
    answer(status, JSON.stringify({ statusCode: status, message: error.message, errors: [error] }));
    const { body, text } = await stack.gql(UPDATE, { variables: { id: 'p-1' } });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, upstream: 'commercetools', upstreamCode: error.code, ...extra });
    expect(text).not.toContain(stack.ct.url);
    expect(text).not.toContain('127.0.0.1');
  });

  it.each(UNDOCUMENTED_BODIES)('$status with a body that is not the documented JSON → $code for a write', async ({ status, body: upstreamBody, code }) => {
    answer(status, upstreamBody);
    const { body, text } = await stack.gql(UPDATE, { variables: { id: 'p-1' } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, upstream: 'commercetools', retryable: code === 'UPSTREAM_UNAVAILABLE' });
    expect(text).not.toContain('<html');
    expect(text).not.toContain('internal.example');
  });

  it.each(UNDOCUMENTED_BODIES.filter((row) => row.status !== 200))('$status with a body that is not the documented JSON → $readCode for a read', async ({ status, body: upstreamBody, readCode }) => {
    answer(status, upstreamBody);
    const { body } = await stack.gql(READ);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: readCode, upstream: 'commercetools' });
  });

  it('a write answered with something other than a payment is OUTCOME_UNKNOWN: the payment may exist', async () => {
    answer(200, JSON.stringify({ id: 'p-1', version: 2, transactions: [] }));
    const res = await stack.gql(`mutation { updateMyPayment(id: "p-1", version: 1, actions: [{ setMethodInfoMethod: { method: "X" } }]) { id amountPlanned { centAmount } } }`, {
      headers: { 'x-request-id': 'req-shape-1' },
    });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'OUTCOME_UNKNOWN', upstream: 'commercetools', retryable: false });
    expect(res.body.errors?.[0]?.message).toMatch(/may or may not have been applied/);
    expect(res.text).not.toContain('Cannot return null');
    expect(res.headers.get('x-request-id')).toBe('req-shape-1');
  });

  it('a refused connection is UPSTREAM_UNAVAILABLE and retryable', async () => {
    const closed = await startGatewayAgainst({ commercetoolsApiUrl: 'http://127.0.0.1:9' });
    try {
      const { body } = await closed.gql(UPDATE, { token: 'shopper-token', variables: { id: 'p-1' } });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'commercetools', retryable: true });
    } finally {
      await closed.close();
    }
  });
});

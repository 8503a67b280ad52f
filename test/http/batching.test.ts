import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBatch } from '../helpers/graphqlClient.ts';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startStubUpstream, type StubHandler, type StubUpstream } from '../helpers/stubUpstream.ts';
import { approving, declining, PAY, payInput } from '../idempotency/occStub.ts';

interface BatchItem {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** Oracle Commerce declining order `o-declined`, approving every other. */
function decliningOne(): StubHandler {
  const approve = approving();
  return (req, res, body) => ((JSON.parse(body) as { orderId: string }).orderId === 'o-declined' ? declining(req, res, body) : approve(req, res, body));
}

/**
 * Batched requests (ALLOW_BATCHING=true), as Apollo Kotlin and Apollo iOS send them: each operation is answered, limited
 * and marked on its own, and the batch is HTTP 200 whatever one of them met, since those clients fail every
 * operation of a batch that is not (a payment that went through must not be reported as failed).
 */
describe('batched requests', () => {
  let occ: StubUpstream;
  let gateway: GatewayUnderTest;
  const KOTLIN_ACCEPT = 'multipart/mixed;deferSpec=20220824, application/graphql-response+json, application/json';

  beforeAll(async () => {
    occ = await startStubUpstream(decliningOne());
    gateway = await startGatewayAgainst(
      { occBaseUrl: occ.url },
      { ALLOW_BATCHING: 'true', CARD_FAILURES_PER_ORDER: '1', RATE_LIMIT_PER_CALLER_PER_MINUTE: '40', MAX_BATCH_OPERATIONS: '5' },
    );
  });
  afterAll(async () => {
    await gateway.close();
    await occ.close();
  });

  const batch = (operations: unknown[], agent = 'agent-1', extraHeaders: Record<string, string> = {}) =>
    postBatch(gateway.gateway.url, operations, { accept: KOTLIN_ACCEPT, 'x-occ-authorization': `Bearer ${agent}`, ...extraHeaders });
  const pay = (orderId: string, key?: string) => ({ query: PAY, variables: { input: payInput(orderId), key } });

  it('answers 200 with each operation\'s own result, whatever status one of them would have alone', async () => {
    // The order's one failed card attempt is spent: alone, its next attempt is HTTP 429.
    expect((await batch([pay('o-declined')])).status).toBe(200);
    occ.calls.length = 0;
    const mixed = await batch([pay('o-declined'), pay('o-2001'), { query: '{ nope }' }]);
    expect(mixed.status).toBe(200);
    expect(mixed.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const [limited, paid, invalid] = mixed.body as BatchItem[];
    expect(limited?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(paid?.errors).toBeUndefined();
    expect(paid?.data).toMatchObject({ addOrderPayments: { orderId: 'o-2001' } });
    expect(invalid?.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(occ.calls).toHaveLength(1);
  });

  it('marks only the operations that were replayed, and the batch only when every one was', async () => {
    const old = randomUUID();
    const [first] = (await batch([pay('o-3001', old)])).body as BatchItem[];
    expect(first?.errors).toBeUndefined();
    const mixed = await batch([pay('o-3001', old), pay('o-3002', randomUUID()), { query: '{ __typename }' }]);
    expect(mixed.status).toBe(200);
    expect(mixed.headers.get('idempotent-replayed')).toBeNull();
    const [replayed, fresh, query] = mixed.body as BatchItem[];
    expect(replayed?.extensions?.idempotentReplayed).toBe(true);
    expect(replayed?.data).toEqual(first?.data);
    expect(fresh?.errors).toBeUndefined();
    expect(fresh?.data).toMatchObject({ addOrderPayments: { orderId: 'o-3002' } });
    expect(fresh?.extensions?.idempotentReplayed).toBeUndefined();
    expect(query).toEqual({ data: { __typename: 'Query' } });
    const again = await batch([pay('o-3001', old)]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((again.body as BatchItem[])[0]?.data).toEqual(first?.data);
  });

  it('stays 200 when an operation finds its key in use, with the Retry-After that operation alone would have had', async () => {
    const key = randomUUID();
    const before = occ.handler;
    // Slow enough that the operation that claimed the key is still upstream when the other asks.
    occ.handler = approving(250);
    occ.calls.length = 0;
    try {
      const both = await batch([pay('o-3101', key), pay('o-3101', key)]);
      expect(both.status).toBe(200);
      expect(both.headers.get('retry-after')).toBe('1');
      const codes = (both.body as BatchItem[]).map((item) => item.errors?.[0]?.extensions?.code ?? 'paid');
      expect(codes.sort()).toEqual(['IDEMPOTENCY_KEY_IN_USE', 'paid']);
      expect(occ.calls).toHaveLength(1);
    } finally {
      occ.handler = before;
    }
  });

  it('refuses alone an operation holding a number JSON parsing would round; the others run', async () => {
    occ.calls.length = 0;
    // Written by hand: JSON.stringify cannot write a number a double does not hold. The key is repeated, as JSON.parse
    // reads it: its last value is the one that counts.
    const rounded = JSON.stringify(pay('o-3201')).replace('"amount":"10.00"', '"amount":"10.00","amount":19.999999999999999');
    expect(rounded).toContain('19.999999999999999');
    const res = await fetch(gateway.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: KOTLIN_ACCEPT, 'x-occ-authorization': 'Bearer agent-1' },
      body: `[${rounded},${JSON.stringify(pay('o-3202'))}]`,
    });
    expect(res.status).toBe(200);
    const [refused, paid] = (await res.json()) as BatchItem[];
    expect(refused?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused?.errors?.[0]?.message).toMatch(/send amounts as strings/);
    expect(refused?.data).toBeUndefined();
    expect(paid?.data).toMatchObject({ addOrderPayments: { orderId: 'o-3202' } });
    expect(occ.calls).toHaveLength(1);
  });

  it('refuses whole, before anything runs: a batch inside a batch, and one Idempotency-Key header for several operations', async () => {
    occ.calls.length = 0;
    const nested = await batch([[pay('o-4001'), pay('o-4002')]], 'agent-nested');
    expect(nested.status).toBe(400);
    expect((nested.body as BatchItem).errors?.[0]?.message).toMatch(/not a batch/);
    const keyed = await batch([pay('o-4003'), pay('o-4004')], 'agent-nested', { 'idempotency-key': randomUUID() });
    expect(keyed.status).toBe(400);
    expect((keyed.body as BatchItem).errors?.[0]?.message).toMatch(/Idempotency-Key header/);
    // As a single request is: nothing acceptable to answer in.
    expect((await batch([pay('o-4003'), pay('o-4004')], 'agent-nested', { accept: 'text/html' })).status).toBe(406);
    expect(occ.calls).toHaveLength(0);
    // One operation: the header is its own, as for a request that is not a batch.
    expect((await batch([pay('o-4005')], 'agent-nested', { 'idempotency-key': randomUUID() })).body).toMatchObject([{ data: { addOrderPayments: { orderId: 'o-4005' } } }]);
    expect(occ.calls).toHaveLength(1);
  });

  it('counts every operation of a batch against the rate limits, and refuses a batch larger than MAX_BATCH_OPERATIONS', async () => {
    occ.calls.length = 0;
    const tooLarge = await batch(Array.from({ length: 6 }, () => ({ query: '{ __typename }' })), 'agent-large');
    expect(tooLarge.status).toBe(400);
    expect((tooLarge.body as BatchItem).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST' });
    expect((tooLarge.body as BatchItem).errors?.[0]?.message).toMatch(/1 to 5 operations/);
    // 40 a minute for this token: 8 batches of 5 spend it, the next request is refused.
    for (let i = 0; i < 8; i++) expect((await batch(Array.from({ length: 5 }, () => ({ query: '{ __typename }' })), 'agent-many')).status).toBe(200);
    const refused = await batch([{ query: '{ __typename }' }], 'agent-many');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((refused.body as BatchItem).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });

    // A refused batch takes only what any request takes (one point): 36 of 40 spent, a batch of 5 is refused (37),
    // 3 singles still fit.
    const five = () => batch(Array.from({ length: 5 }, () => ({ query: '{ __typename }' })), 'agent-refund');
    const one = () => batch([{ query: '{ __typename }' }], 'agent-refund');
    for (let i = 0; i < 7; i++) expect((await five()).status).toBe(200);
    expect((await one()).status).toBe(200);
    expect((await five()).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await one()).status, `single ${i}`).toBe(200);
    expect((await one()).status).toBe(429);
  });
});

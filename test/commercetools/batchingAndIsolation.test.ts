import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { CREATE } from './fragments.ts';

async function createPayments(stack: TestStack, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: i + 1 } } } });
    ids.push(res.body.data!.createMyPayment.id);
  }
  return ids;
}

const aliased = (ids: string[]) => `query { ${ids.map((id, i) => `p${i}: myPayment(id: "${id}") { id amountPlanned { centAmount } }`).join('\n')} }`;

describe('myPayment lookups are batched per request and never shared between callers', () => {
  let stack: TestStack;
  let alice: { token: string };
  let bob: { token: string };
  let aliceIds: string[];
  let bobIds: string[];

  beforeAll(async () => {
    stack = await startTestStack({ MAX_ALIASES: '1000', MAX_COST: '100000', MAX_TOKENS: '100000' });
    alice = await stack.ct.createCustomerToken();
    bob = await stack.ct.createCustomerToken();
    aliceIds = await createPayments(stack, alice.token, 50);
    bobIds = await createPayments(stack, bob.token, 3);
  });
  afterAll(() => stack.close());

  it('makes exactly one upstream call for 50 aliased myPayment fields', async () => {
    const before = stack.ct.requests.length;
    const res = await stack.gql<Record<string, { id: string } | null>>(aliased(aliceIds), { token: alice.token });
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data!).map((p) => p?.id)).toEqual(aliceIds);
    const calls = stack.ct.requests.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET' });
    expect(calls[0]!.query.getAll('var.ids').sort()).toEqual([...aliceIds].sort());
  });

  it('deduplicates repeated ids and answers unknown ids with null, without errors', async () => {
    const before = stack.ct.requests.length;
    const ids = [aliceIds[0]!, aliceIds[0]!, 'no-such-payment'];
    const res = await stack.gql<Record<string, { id: string } | null>>(aliased(ids), { token: alice.token });
    expect(res.body).toEqual({ data: { p0: expect.objectContaining({ id: aliceIds[0] }), p1: expect.objectContaining({ id: aliceIds[0] }), p2: null } });
    expect(stack.ct.requests.length - before).toBe(1);
    expect(stack.ct.requests.at(-1)!.query.getAll('var.ids')).toHaveLength(2);
  });

  it('splits more than 500 ids into batches of 500, each sent in calls whose URLs stay under 8 KB', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => (i < 50 ? aliceIds[i]! : `missing-${i}`));
    const before = stack.ct.requests.length;
    const res = await stack.gql<Record<string, { id: string } | null>>(aliased(ids), { token: alice.token });
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data!).filter(Boolean)).toHaveLength(50);
    const calls = stack.ct.requests.slice(before);
    // 500 ids (50 UUIDs, 450 short ones) need two calls under the URL budget; the 501st is a batch of its own.
    expect(calls.map((call) => call.query.getAll('var.ids').length)).toEqual([247, 253, 1]);
    for (const call of calls) expect(`${call.path}?${call.query}`.length).toBeLessThan(8192);
  });

  it('never shows one caller another caller\'s payments, even in concurrent requests', async () => {
    const mixed = [aliceIds[0]!, bobIds[0]!];
    const [asAlice, asBob] = await Promise.all([
      stack.gql<Record<string, { id: string } | null>>(aliased(mixed), { token: alice.token }),
      stack.gql<Record<string, { id: string } | null>>(aliased(mixed), { token: bob.token }),
    ]);
    expect(asAlice.body.data).toEqual({ p0: expect.objectContaining({ id: aliceIds[0] }), p1: null });
    expect(asBob.body.data).toEqual({ p0: null, p1: expect.objectContaining({ id: bobIds[0] }) });
    const list = await stack.gql<{ myPayments: { nodes: Array<{ id: string }> } }>('{ myPayments(first: 100) { nodes { id } } }', { token: bob.token });
    expect(list.body.data!.myPayments.nodes.map((n) => n.id).sort()).toEqual([...bobIds].sort());
  });

  it('asks for a token before calling commercetools', async () => {
    const before = stack.ct.requests.length;
    const res = await stack.gql(aliased([aliceIds[0]!]));
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, path: ['p0'] });
    const malformed = await stack.gql(aliased([aliceIds[0]!]), { headers: { authorization: 'Basic abc' } });
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(stack.ct.requests.length).toBe(before);
  });

  it('passes an expired or unknown token\'s rejection on as UNAUTHENTICATED', async () => {
    const res = await stack.gql(aliased([aliceIds[0]!]), { token: 'not-a-real-token' });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'commercetools', upstreamCode: 'invalid_token' });
    expect(stack.logs.join('\n')).not.toContain('not-a-real-token');
    expect(stack.logs.join('\n')).not.toContain(alice.token);
  });

  it('checks existence by id and by predicate through HEAD', async () => {
    const q = 'query ($id: ID, $where: String) { myPaymentExists(id: $id, where: $where) }';
    expect((await stack.gql(q, { token: alice.token, variables: { id: aliceIds[0] } })).body.data).toEqual({ myPaymentExists: true });
    expect((await stack.gql(q, { token: bob.token, variables: { id: aliceIds[0] } })).body.data).toEqual({ myPaymentExists: false });
    expect((await stack.gql(q, { token: alice.token, variables: { where: 'amountPlanned(centAmount = 7)' } })).body.data).toEqual({ myPaymentExists: true });
    expect((await stack.gql(q, { token: alice.token, variables: { where: 'amountPlanned(centAmount = 7777)' } })).body.data).toEqual({ myPaymentExists: false });
    expect(stack.ct.requests.at(-1)!.method).toBe('HEAD');
    const both = await stack.gql(q, { token: alice.token, variables: { id: 'x', where: 'id = "x"' } });
    expect(both.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const neither = await stack.gql(q, { token: alice.token });
    expect(neither.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEnv } from '../helpers/testRedis.ts';
import { approving, PAY, payInput } from './occStub.ts';

const AGENT = 'agent-token-1';

/** Two gateway instances behind one balancer: one Redis key space, one secret, one upstream. */
describe('idempotency across two instances sharing Redis', () => {
  let occ: StubUpstream;
  let ct: CommercetoolsEmulator;
  let a: GatewayUnderTest;
  let b: GatewayUnderTest;

  beforeAll(async () => {
    occ = await startStubUpstream();
    ct = await startCommercetoolsEmulator({ port: 0 });
    const shared = { ...redisEnv(), CTP_PROJECT_KEY: ct.projectKey, BREAKER_THRESHOLD: '1000' };
    a = await startGatewayAgainst({ occBaseUrl: occ.url, commercetoolsApiUrl: ct.apiUrl }, shared);
    b = await startGatewayAgainst({ occBaseUrl: occ.url, commercetoolsApiUrl: ct.apiUrl }, shared);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([occ.close(), ct.close()]);
  });

  const pay = (gateway: GatewayUnderTest, key: string) => gateway.gql(PAY, { occToken: AGENT, variables: { input: payInput(), key } });

  it('a key used on one instance and retried on the other is one upstream call', async () => {
    occ.handler = approving();
    occ.calls.length = 0;
    const key = randomUUID();
    const first = await pay(a, key);
    const retry = await pay(b, key);
    expect(first.body.errors).toBeUndefined();
    expect(retry.body.data).toEqual(first.body.data);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(occ.calls).toHaveLength(1);
  });

  it('a retry sent the instant the answer arrives, to the other instance, is a replay every time', async () => {
    // The record is written before the answer and acknowledged beside it: the retry must still find it applied.
    occ.handler = approving();
    occ.calls.length = 0;
    const tries = 40;
    for (let i = 0; i < tries; i++) {
      const key = randomUUID();
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const answer = await pay(first, key);
      const retry = await pay(second, key);
      expect(answer.body.errors).toBeUndefined();
      expect(retry.body.errors).toBeUndefined();
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(occ.calls).toHaveLength(tries);
  });

  it('20 concurrent requests with one key, split across both, are one upstream call', async () => {
    occ.handler = approving(150);
    occ.calls.length = 0;
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pay(i % 2 === 0 ? a : b, key)));
    expect(occ.calls).toHaveLength(1);
    const succeeded = results.filter((res) => res.body.errors === undefined);
    const inUse = results.filter((res) => res.body.errors?.[0]?.extensions?.code === 'IDEMPOTENCY_KEY_IN_USE');
    expect(succeeded.length + inUse.length).toBe(20);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    // Every success is the one payment group: the first run or a replay of it.
    expect(new Set(succeeded.map((res) => JSON.stringify(res.body.data))).size).toBe(1);
    const settled = await pay(b, key);
    expect(settled.body.data).toEqual(succeeded[0]!.body.data);
  });

  it('createMyPayment with one key on both instances creates one payment in commercetools', async () => {
    const token = ct.demo.customerToken;
    const count = async () => (await a.gql<{ myPayments: { totalCount: number } }>('{ myPayments { totalCount } }', { token })).body.data!.myPayments.totalCount;
    const before = await count();
    const create = `mutation ($key: String) { createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: 4200 } }, idempotencyKey: $key) { id version } }`;
    const key = randomUUID();
    const first = await a.gql<{ createMyPayment: { id: string } }>(create, { token, variables: { key } });
    const retry = await b.gql<{ createMyPayment: { id: string } }>(create, { token, variables: { key } });
    expect(first.body.errors).toBeUndefined();
    expect(retry.body.data).toEqual(first.body.data);
    expect(await count()).toBe(before + 1);
  });

  it('a stored ConcurrentModification is answered again, not re-sent', async () => {
    const token = ct.demo.customerToken;
    const created = await a.gql<{ createMyPayment: { id: string } }>(
      'mutation { createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: 100 } }) { id } }',
      { token },
    );
    const id = created.body.data!.createMyPayment.id;
    const update = `mutation ($id: ID!, $key: String) { updateMyPayment(id: $id, version: 7, actions: [{ setMethodInfoMethod: { method: "SEPA" } }], idempotencyKey: $key) { version } }`;
    const key = randomUUID();
    const first = await a.gql(update, { token, variables: { id, key } });
    expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONCURRENT_MODIFICATION', currentVersion: 1 });
    const again = await b.gql(update, { token, variables: { id, key } });
    expect(again.body.errors).toEqual(first.body.errors);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { faults, startStubUpstream, type StubHandler, type StubUpstream } from '../helpers/stubUpstream.ts';
import { tokenGrant } from './ctTokens.ts';

const CREATE = `mutation ($key: String, $cents: Long!) {
  createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: $cents } }, idempotencyKey: $key) { id amountPlanned { centAmount } }
}`;
type Created = { createMyPayment: { id: string } };

/** Keyed commercetools mutations belong to the shopper's account (token introspection), not to one token. */
describe('who a commercetools idempotency key belongs to', () => {
  let ct: CommercetoolsEmulator;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    ct = await startCommercetoolsEmulator({ port: 0, history: 1000 });
    gateway = await startGatewayAgainst({ commercetoolsApiUrl: ct.apiUrl }, apiClientEnv(ct, ct.authUrl));
  });
  afterAll(async () => {
    await gateway.close();
    await ct.close();
  });

  const posts = () => ct.requests.filter((r) => r.method === 'POST').length;
  const create = (token: string, key: string | undefined, cents = 1500) => gateway.gql<Created>(CREATE, { token, variables: { key, cents } });

  it('replays a retry sent with a refreshed token: one payment in commercetools', async () => {
    const login = await tokenGrant(ct, `/oauth/${ct.projectKey}/customers/token`, { grant_type: 'password', username: ct.demo.email, password: ct.demo.password });
    const refreshed = await tokenGrant(ct, '/oauth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
    expect(refreshed.access_token).not.toBe(login.access_token);
    const before = posts();
    const key = randomUUID();

    const first = await create(login.access_token, key);
    const retry = await create(refreshed.access_token, key);

    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data).toEqual(first.body.data);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(posts()).toBe(before + 1);
  });

  it('keeps two customers apart when they send the same key: two payments', async () => {
    const alice = await ct.createCustomerToken();
    const bob = await ct.createCustomerToken();
    const before = posts();
    const key = randomUUID();

    const a = await create(alice.token, key);
    const b = await create(bob.token, key);

    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.data!.createMyPayment.id).not.toBe(a.body.data!.createMyPayment.id);
    expect(posts()).toBe(before + 2);
  });

  it('an anonymous session is its own scope too', async () => {
    const shopper = await ct.createAnonymousToken();
    const other = await ct.createAnonymousToken();
    const key = randomUUID();
    const a = await create(shopper.token, key);
    const b = await create(other.token, key);
    const again = await create(shopper.token, key);
    expect(b.body.data!.createMyPayment.id).not.toBe(a.body.data!.createMyPayment.id);
    expect(again.body.data).toEqual(a.body.data);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('introspects a token once for several keyed mutations (cached per token hash)', async () => {
    const { token } = await ct.createCustomerToken();
    const before = ct.introspectionCount;
    const results = [await create(token, randomUUID()), await create(token, randomUUID())];
    results.push(...(await Promise.all([create(token, randomUUID()), create(token, randomUUID())])));
    for (const res of results) expect(res.body.errors).toBeUndefined();
    expect(ct.introspectionCount).toBe(before + 1);
  });

  it('never introspects for an unkeyed mutation or a query', async () => {
    const { token } = await ct.createCustomerToken();
    const before = ct.introspectionCount;
    const unkeyed = await create(token, undefined);
    const query = await gateway.gql('{ myPayments { totalCount } }', { token });
    expect(unkeyed.body.errors).toBeUndefined();
    expect(query.body.errors).toBeUndefined();
    expect(ct.introspectionCount).toBe(before);
  });

  it('answers UNAUTHENTICATED for a token commercetools does not know, before any payments call', async () => {
    const before = ct.requestCount;
    const res = await create('not-a-live-token', randomUUID());
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(res.body.data?.createMyPayment ?? null).toBeNull();
    expect(ct.requestCount).toBe(before);
  });
});

/** Fail closed: no identity, no keyed mutation; never a fallback to the token's own scope. */
describe('when introspection cannot answer', () => {
  let ct: CommercetoolsEmulator;
  let stub: StubUpstream;
  const gateways: GatewayUnderTest[] = [];

  beforeAll(async () => {
    ct = await startCommercetoolsEmulator({ port: 0, history: 1000 });
    stub = await startStubUpstream();
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all([ct.close(), stub.close()]);
  });

  async function gatewayWithAuthAt(authUrl: string, env: Record<string, string> = {}): Promise<GatewayUnderTest> {
    const gateway = await startGatewayAgainst({ commercetoolsApiUrl: ct.apiUrl }, { ...apiClientEnv(ct, authUrl), UPSTREAM_TIMEOUT_MS: '600', ...env });
    gateways.push(gateway);
    return gateway;
  }

  async function expectRefusedWithoutPaymentCall(gateway: GatewayUnderTest, token: string): Promise<void> {
    const before = ct.requestCount;
    const res = await gateway.gql<Created>(CREATE, { token, variables: { key: randomUUID(), cents: 700 } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_UNAVAILABLE', retryable: true });
    expect(res.body.errors?.[0]?.message).toMatch(/mutation was not sent/);
    expect(ct.requestCount).toBe(before);
    // What was sent is never logged: not the shopper's token, not the gateway's client secret.
    expect(gateway.logs.join('\n')).not.toContain(token);
    expect(gateway.logs.join('\n')).not.toContain(ct.clientSecret);
    expect(gateway.logs.some((line) => line.includes('token introspection failed'))).toBe(true);
  }

  it('refuses a keyed mutation when the auth host refuses connections', async () => {
    const gateway = await gatewayWithAuthAt(await closedPortUrl());
    await expectRefusedWithoutPaymentCall(gateway, (await ct.createCustomerToken()).token);
  });

  it.each<[string, StubHandler]>([
    ['hangs past the deadline', faults.hang()],
    ['answers 503', faults.json(503, { statusCode: 503, message: 'Service unavailable' })],
    ['answers 200 with a body that is not an introspection answer', faults.json(200, { results: [] })],
  ])('refuses a keyed mutation when the auth host %s', async (_name, handler) => {
    stub.handler = handler;
    stub.calls.length = 0;
    const gateway = await gatewayWithAuthAt(stub.url);
    await expectRefusedWithoutPaymentCall(gateway, (await ct.createCustomerToken()).token);
    expect(stub.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /oauth/introspect']);
  });

  it('refuses a keyed mutation when commercetools refuses the gateway\'s client credentials', async () => {
    const gateway = await gatewayWithAuthAt(ct.authUrl, { CTP_CLIENT_SECRET: 'not-the-emulator-secret' });
    await expectRefusedWithoutPaymentCall(gateway, (await ct.createCustomerToken()).token);
  });

  it('still serves unkeyed mutations and queries, without asking the auth host', async () => {
    stub.handler = faults.hang();
    stub.calls.length = 0;
    const gateway = await gatewayWithAuthAt(stub.url);
    const { token } = await ct.createCustomerToken();
    const unkeyed = await gateway.gql<Created>(CREATE, { token, variables: { cents: 800 } });
    const query = await gateway.gql('{ myPayments { totalCount } }', { token });
    expect(unkeyed.body.errors).toBeUndefined();
    expect(query.body.errors).toBeUndefined();
    expect(stub.calls).toHaveLength(0);
  });
});

/** The gateway's own API client, as an operator configures it. */
function apiClientEnv(ct: CommercetoolsEmulator, authUrl: string): Record<string, string> {
  return { CTP_PROJECT_KEY: ct.projectKey, CTP_AUTH_URL: authUrl, CTP_CLIENT_ID: ct.clientId, CTP_CLIENT_SECRET: ct.clientSecret, BREAKER_THRESHOLD: '1000' };
}

/** A loopback port that nothing listens on (it was bound a moment ago, then released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startEmbeddedUpstreams, type EmbeddedUpstreams } from '../../src/embeddedUpstreams.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { engineEnv } from '../helpers/engine.ts';
import { postGraphql } from '../helpers/graphqlClient.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';
import { TEST_GATEWAY_ENV } from '../helpers/testEnv.ts';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulators/commercetools/seed.ts';
import { tokenGrant } from './ctTokens.ts';

const CREATE = `mutation ($key: String) {
  createMyPayment(draft: { amountPlanned: { currencyCode: "EUR", centAmount: 2500 } }, idempotencyKey: $key) { id }
}`;
const COUNT = '{ myPayments { totalCount } }';

/** `npm start`: the embedded emulator hands the gateway its API client, so keys survive a refresh out of the box. */
describe('the default start (embedded emulator)', () => {
  let embedded: EmbeddedUpstreams;
  let gateway: Gateway;
  // The engine under test (FAST_PATH) too, as every other suite's gateway gets it.
  const config = loadConfig({ ...TEST_GATEWAY_ENV, ...engineEnv });

  beforeAll(async () => {
    embedded = await startEmbeddedUpstreams(config);
    gateway = await startGateway(config, embedded.urls, createRecordingLogger(config.logLevel).logger);
  });
  afterAll(async () => {
    await gateway.close();
    await embedded.close();
  });

  it('replays a keyed createMyPayment retried with a refreshed demo token', async () => {
    const client = embedded.urls.commercetoolsApiClient;
    if (client === undefined) throw new Error('startEmbeddedUpstreams gave the gateway no commercetools API client');
    const ct = { authUrl: client.authUrl, clientId: client.clientId, clientSecret: client.clientSecret };
    const login = await tokenGrant(ct, `/oauth/${config.ctp.projectKey}/customers/token`, {
      grant_type: 'password',
      username: DEMO_EMAIL,
      password: DEMO_PASSWORD,
    });
    const refreshed = await tokenGrant(ct, '/oauth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
    const count = async () => (await postGraphql<{ myPayments: { totalCount: number } }>(gateway.url, COUNT, { token: login.access_token })).body.data!.myPayments.totalCount;
    const before = await count();
    const key = randomUUID();

    const first = await postGraphql<{ createMyPayment: { id: string } }>(gateway.url, CREATE, { token: login.access_token, variables: { key } });
    const retry = await postGraphql<{ createMyPayment: { id: string } }>(gateway.url, CREATE, { token: refreshed.access_token, variables: { key } });

    expect(first.body.errors).toBeUndefined();
    expect(retry.body.data).toEqual(first.body.data);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await count()).toBe(before + 1);
  });
});

/** Without CTP_CLIENT_ID/SECRET a key belongs to one token: the documented trade-off, pinned down. */
describe('without the gateway API client', () => {
  let ct: CommercetoolsEmulator;
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    ct = await startCommercetoolsEmulator({ port: 0 });
    gateway = await startGatewayAgainst({ commercetoolsApiUrl: ct.apiUrl }, { CTP_PROJECT_KEY: ct.projectKey });
  });
  afterAll(async () => {
    await gateway.close();
    await ct.close();
  });

  it('scopes keys by token: a retry after a refresh runs again, and nothing is introspected', async () => {
    const login = await tokenGrant(ct, `/oauth/${ct.projectKey}/customers/token`, { grant_type: 'password', username: ct.demo.email, password: ct.demo.password });
    const refreshed = await tokenGrant(ct, '/oauth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
    const key = randomUUID();
    const first = await gateway.gql<{ createMyPayment: { id: string } }>(CREATE, { token: login.access_token, variables: { key } });
    const same = await gateway.gql<{ createMyPayment: { id: string } }>(CREATE, { token: login.access_token, variables: { key } });
    const refreshedRetry = await gateway.gql<{ createMyPayment: { id: string } }>(CREATE, { token: refreshed.access_token, variables: { key } });
    expect(same.body.data).toEqual(first.body.data);
    expect(refreshedRetry.body.data!.createMyPayment.id).not.toBe(first.body.data!.createMyPayment.id);
    expect(ct.introspectionCount).toBe(0);
  });
});

describe('CTP_CLIENT_ID and CTP_CLIENT_SECRET', () => {
  const AUTH = { CTP_AUTH_URL: 'https://auth.europe-west1.gcp.commercetools.com' };

  it('are read together with CTP_AUTH_URL', () => {
    const config = loadConfig({ ...AUTH, CTP_CLIENT_ID: 'gateway-client', CTP_CLIENT_SECRET: 's3cr3t-Value_0123456789' });
    expect(config.ctp).toMatchObject({ authUrl: AUTH.CTP_AUTH_URL, clientId: 'gateway-client', clientSecret: 's3cr3t-Value_0123456789' });
    expect(loadConfig({}).ctp).toMatchObject({ clientId: undefined, clientSecret: undefined });
  });

  it.each([
    [{ ...AUTH, CTP_CLIENT_ID: 'gateway-client' }, /CTP_CLIENT_SECRET must be set together/],
    [{ ...AUTH, CTP_CLIENT_SECRET: 'only-the-secret-9876' }, /CTP_CLIENT_ID must be set together/],
    [{ CTP_CLIENT_ID: 'gateway-client', CTP_CLIENT_SECRET: 'no-auth-url-secret-9876' }, /CTP_CLIENT_ID needs CTP_AUTH_URL/],
    [{ ...AUTH, CTP_CLIENT_ID: 'id:with-colon', CTP_CLIENT_SECRET: 'x' }, /CTP_CLIENT_ID must be/],
  ])('refuse an incomplete or malformed client (%#)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echo the secret in an error', () => {
    const secret = 'leaky secret with spaces 4242';
    let message = '';
    try {
      loadConfig({ ...AUTH, CTP_CLIENT_ID: 'gateway-client', CTP_CLIENT_SECRET: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/CTP_CLIENT_SECRET .*value not shown/);
    expect(message).not.toContain('leaky');
  });
});

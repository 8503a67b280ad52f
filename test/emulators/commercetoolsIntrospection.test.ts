import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';

/** `POST /oauth/introspect` as commercetools documents it (RFC 7662), on the emulator's auth URL. */
describe('commercetools emulator: token introspection', () => {
  let ct: CommercetoolsEmulator;
  let startedAt: number;
  beforeAll(async () => {
    // The demo tokens are issued while the emulator starts.
    startedAt = Math.floor(Date.now() / 1000);
    ct = await startCommercetoolsEmulator({ port: 0 });
  });
  afterAll(() => ct.close());

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  async function introspect(token: string | undefined, authorization = basic(ct.clientId, ct.clientSecret)) {
    const form = new URLSearchParams();
    if (token !== undefined) form.set('token', token);
    const res = await fetch(`${ct.authUrl}/oauth/introspect`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it("names a customer token's owner, expiry and client", async () => {
    const { status, json } = await introspect(ct.demo.customerToken);
    const now = Math.ceil(Date.now() / 1000);
    expect(status).toBe(200);
    expect(json).toEqual({
      active: true,
      scope: `manage_my_payments:${ct.projectKey} customer_id:${ct.demo.customerId}`,
      exp: expect.any(Number),
      client_id: ct.clientId,
    });
    // Tokens last 48 h (172 800 s) from their issue, which lies between the emulator's start and now.
    expect(json['exp']).toBeGreaterThanOrEqual(startedAt + 172_800);
    expect(json['exp']).toBeLessThanOrEqual(now + 172_800);
  });

  it('names an anonymous session by its anonymous id', async () => {
    const { json } = await introspect(ct.demo.anonymousToken);
    expect(json['active']).toBe(true);
    expect(json['scope']).toBe(`manage_my_payments:${ct.projectKey} anonymous_id:${ct.demo.anonymousId}`);
  });

  it('gives a refreshed token the same owner as the one it replaces', async () => {
    const login = await tokenCall(`/oauth/${ct.projectKey}/customers/token`, { grant_type: 'password', username: ct.demo.email, password: ct.demo.password });
    const refreshed = await tokenCall('/oauth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
    expect(refreshed.access_token).not.toBe(login.access_token);
    const [a, b] = await Promise.all([introspect(login.access_token), introspect(refreshed.access_token)]);
    expect(a.json['scope']).toBe(`manage_my_payments:${ct.projectKey} customer_id:${ct.demo.customerId}`);
    expect(b.json['scope']).toBe(a.json['scope']);
  });

  it('answers an unknown token with {active: false} and nothing else', async () => {
    expect(await introspect('not-a-token')).toEqual({ status: 200, json: { active: false } });
  });

  it('refuses wrong client credentials (401 invalid_client) and a missing token (400 invalid_request), uncounted', async () => {
    const counted = ct.introspectionCount;
    const wrong = await introspect(ct.demo.customerToken, basic(ct.clientId, 'wrong-secret'));
    expect(wrong.status).toBe(401);
    expect(wrong.json['error']).toBe('invalid_client');
    const missing = await introspect(undefined);
    expect(missing.status).toBe(400);
    expect(missing.json['error']).toBe('invalid_request');
    expect(ct.introspectionCount).toBe(counted);
    await introspect(ct.demo.customerToken);
    expect(ct.introspectionCount).toBe(counted + 1);
  });

  async function tokenCall(path: string, form: Record<string, string>): Promise<{ access_token: string; refresh_token: string }> {
    const res = await fetch(`${ct.authUrl}${path}`, {
      method: 'POST',
      headers: { authorization: basic(ct.clientId, ct.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { access_token: string; refresh_token: string };
  }
});

import { describe, it, expect } from 'vitest';
import { CtAuth } from '../../src/emulators/commercetools/auth.ts';
import { firstError, page, useCommercetoolsEmulator, usd, type Payment } from './commercetoolsHttp.ts';

const { env, call, create, update } = useCommercetoolsEmulator();

describe('seeded demo data and the seven endpoints', () => {
  it('queries the demo customer payments in creation order', async () => {
    const reply = await call('GET', '', env.ct.demo.customerToken);
    const { limit, offset, count, total, results } = page(reply);
    expect({ limit, offset, count, total }).toEqual({ limit: 20, offset: 0, count: 5, total: 5 });
    expect(results.map((p) => p.createdAt)).toEqual(results.map((p) => p.createdAt).sort());
    expect(reply.text).toContain('"centAmount":5000000000');
    expect(results.every((p) => (p['customer'] as { id: string }).id === env.ct.demo.customerId)).toBe(true);
    expect(results.some((p) => (p['paymentMethodInfo'] as { name?: object }).name !== undefined
      && Object.keys((p['paymentMethodInfo'] as { name: object }).name).join() === 'en,de')).toBe(true);
  });

  it('gives the anonymous session its one payment', async () => {
    const { results } = page(await call('GET', '', env.ct.demo.anonymousToken));
    expect(results).toHaveLength(1);
    expect(results[0]?.['anonymousId']).toBe(env.ct.demo.anonymousId);
    expect(results[0]?.['customer']).toBeUndefined();
  });

  it('creates (201), reads, heads, updates and deletes a payment', async () => {
    const created = await create(env.ct.demo.customerToken, {
      amountPlanned: { currencyCode: 'EUR', centAmount: 1234 },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: 'Credit Card' } },
      custom: { type: { key: 'payment-extras', typeId: 'type' }, fields: { note: 'hi' } },
    });
    expect(created.status).toBe(201);
    const payment = created.json as unknown as Payment;
    expect(payment).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      createdAt: expect.any(String),
      lastModifiedAt: payment.createdAt,
      amountPlanned: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 1234, fractionDigits: 2 },
      customer: { typeId: 'customer', id: env.ct.demo.customerId },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: 'Credit Card' } },
      transactions: [],
      custom: { type: { typeId: 'type', id: expect.any(String) }, fields: { note: 'hi' } },
    });

    expect((await call('GET', `/${payment.id}?expand=foo`, env.ct.demo.customerToken)).json).toEqual(payment);
    const head = await call('HEAD', `/${payment.id}`, env.ct.demo.customerToken);
    expect([head.status, head.text]).toEqual([200, '']);
    expect((await call('HEAD', '/3f7e1c52-0000-4000-8000-000000000000', env.ct.demo.customerToken)).status).toBe(404);
    const where = (w: string) => `?where=${encodeURIComponent(w)}`;
    expect((await call('HEAD', where(`id = "${payment.id}"`), env.ct.demo.customerToken)).status).toBe(200);
    expect((await call('HEAD', where('id = "nope"'), env.ct.demo.customerToken)).status).toBe(404);

    const updated = await update(env.ct.demo.customerToken, payment.id, 1, [
      { action: 'setMethodInfoMethod', method: 'APPLE_PAY' },
      { action: 'changeAmountPlanned', amount: { currencyCode: 'EUR', centAmount: 999 } },
    ]);
    expect(updated.status).toBe(200);
    const after = updated.json as unknown as Payment;
    expect(after.version).toBe(2);
    expect(after.lastModifiedAt > payment.lastModifiedAt).toBe(true);
    expect(after['paymentMethodInfo']).toMatchObject({ method: 'APPLE_PAY' });

    expect(firstError(await call('DELETE', `/${payment.id}`, env.ct.demo.customerToken), 400)).toMatchObject({
      code: 'RequiredField', field: 'version',
    });
    expect(firstError(await call('DELETE', `/${payment.id}?version=1`, env.ct.demo.customerToken), 409)).toMatchObject({
      code: 'ConcurrentModification', currentVersion: 2,
    });
    const deleted = await call('DELETE', `/${payment.id}?version=2`, env.ct.demo.customerToken);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual(after);
    expect(firstError(await call('GET', `/${payment.id}`, env.ct.demo.customerToken), 404)['code']).toBe('ResourceNotFound');
  });

  it('answers unknown project keys and paths with 404 ResourceNotFound', async () => {
    const res = await fetch(`${env.ct.apiUrl}/other-project/me/payments`, { headers: { authorization: `Bearer ${env.ct.demo.customerToken}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'ResourceNotFound' }] });
    expect(firstError(await call('GET', '/a/b', env.ct.demo.customerToken), 404)['code']).toBe('ResourceNotFound');
  });

  it('records every request to the payments endpoints', async () => {
    const before = env.ct.requests.length;
    await call('GET', '?limit=1&where=version%20%3E%200', env.ct.demo.customerToken);
    await call('GET', '', undefined);
    expect(env.ct.requests.length).toBe(before + 2);
    const recorded = env.ct.requests[before];
    expect(recorded?.method).toBe('GET');
    expect(recorded?.path).toBe(`/${env.ct.projectKey}/me/payments`);
    expect(recorded?.query.get('where')).toBe('version > 0');
    expect(recorded?.authorization).toBe(`Bearer ${env.ct.demo.customerToken}`);
    expect(env.ct.requests[before + 1]?.authorization).toBeUndefined();
  });
});

describe('authentication and scoping', () => {
  it('answers 401 invalid_token without a token or with an unknown one', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const reply = await call('GET', '', token);
      expect(firstError(reply, 401)['code']).toBe('invalid_token');
      expect(reply.json).toMatchObject({ error: 'invalid_token', error_description: expect.any(String) });
    }
  });

  it('hides another customer payments: 404 by id and an empty query', async () => {
    const other = await env.ct.createCustomerToken();
    const demoPayment = page(await call('GET', '?limit=1', env.ct.demo.customerToken)).results[0];
    const id = demoPayment?.id ?? '';
    for (const reply of [
      await call('GET', `/${id}`, other.token),
      await update(other.token, id, 1, [{ action: 'setMethodInfoMethod', method: 'X' }]),
      await call('DELETE', `/${id}?version=1`, other.token),
    ]) expect(firstError(reply, 404)['code']).toBe('ResourceNotFound');
    expect((await call('HEAD', `/${id}`, other.token)).status).toBe(404);
    expect(page(await call('GET', '', other.token))).toEqual({ limit: 20, offset: 0, count: 0, total: 0, results: [] });
    expect((await call('HEAD', `?where=${encodeURIComponent(`id = "${id}"`)}`, other.token)).status).toBe(404);
    expect((await call('GET', `/${id}`, env.ct.demo.anonymousToken)).status).toBe(404);
  });

  it('expires tokens after expires_in seconds', () => {
    let now = 1_000_000;
    const auth = new CtAuth('p', () => now);
    const token = auth.issue({ kind: 'anonymous', id: 'a' });
    expect(auth.authenticate(`Bearer ${token.access_token}`)).toEqual({ kind: 'anonymous', id: 'a' });
    now += token.expires_in * 1000;
    expect(() => auth.authenticate(`Bearer ${token.access_token}`)).toThrow(/expired/);
  });
});

describe('token endpoints', () => {
  const basic = () => `Basic ${Buffer.from(`${env.ct.clientId}:${env.ct.clientSecret}`).toString('base64')}`;
  async function token(path: string, form: Record<string, string>, authorization = basic()) {
    const res = await fetch(`${env.ct.authUrl}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('issues a customer token with the password flow, usable on My Payments', async () => {
    const reply = await token(`/oauth/${env.ct.projectKey}/customers/token`, {
      grant_type: 'password', username: env.ct.demo.email, password: env.ct.demo.password,
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      access_token: expect.any(String), token_type: 'Bearer', expires_in: 172800, refresh_token: expect.any(String),
      scope: `manage_my_payments:${env.ct.projectKey} customer_id:${env.ct.demo.customerId}`,
    });
    expect(page(await call('GET', '', reply.json['access_token'] as string)).count).toBeGreaterThanOrEqual(5);

    const refreshed = await token('/oauth/token', { grant_type: 'refresh_token', refresh_token: reply.json['refresh_token'] as string });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', '', refreshed.json['access_token'] as string)).status).toBe(200);
  });

  it('rejects a wrong password and wrong client credentials with 401', async () => {
    const wrong = await token(`/oauth/${env.ct.projectKey}/customers/token`, {
      grant_type: 'password', username: env.ct.demo.email, password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({
      statusCode: 401, error: 'invalid_customer_account_credentials', errors: [{ code: 'invalid_customer_account_credentials' }],
    });
    const badClient = await token(`/oauth/${env.ct.projectKey}/anonymous/token`, { grant_type: 'client_credentials' }, 'Basic eDp5');
    expect(badClient.status).toBe(401);
    expect(badClient.json).toMatchObject({ error: 'invalid_client', errors: [{ code: 'invalid_client' }] });
  });

  it('issues anonymous tokens whose payments carry the anonymousId', async () => {
    const reply = await token(`/oauth/${env.ct.projectKey}/anonymous/token`, { grant_type: 'client_credentials', anonymous_id: 'anon-42' });
    expect(reply.status).toBe(200);
    expect(reply.json['scope']).toBe(`manage_my_payments:${env.ct.projectKey} anonymous_id:anon-42`);
    const created = await create(reply.json['access_token'] as string, { amountPlanned: usd(100) });
    expect(created.json['anonymousId']).toBe('anon-42');
  });
});

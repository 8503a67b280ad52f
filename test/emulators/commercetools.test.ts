import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startCommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import type { CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { CtAuth } from '../../src/emulators/commercetools/auth.ts';

interface Reply { status: number; text: string; json: Record<string, unknown>; headers: Headers }
interface Payment { id: string; version: number; createdAt: string; lastModifiedAt: string; [key: string]: unknown }
interface Page { limit: number; offset: number; count: number; total?: number; results: Payment[] }

let ct: CommercetoolsEmulator;
let base: string;

beforeAll(async () => {
  ct = await startCommercetoolsEmulator();
  base = `${ct.apiUrl}/${ct.projectKey}/me/payments`;
});
afterAll(() => ct.close());

async function call(method: string, path: string, token: string | undefined, body?: string): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

const create = (token: string, draft: unknown) => call('POST', '', token, JSON.stringify(draft));
const update = (token: string, id: string, version: number, actions: unknown[]) =>
  call('POST', `/${id}`, token, JSON.stringify({ version, actions }));
const page = (reply: Reply) => reply.json as unknown as Page;
const usd = (centAmount: number) => ({ currencyCode: 'USD', centAmount });

/** The first error of a documented error body, after checking the envelope. */
function firstError(reply: Reply, status: number): Record<string, unknown> {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(reply.json['statusCode']).toBe(status);
  const errors = reply.json['errors'] as Array<Record<string, unknown>>;
  expect(errors).toHaveLength(1);
  expect(errors[0]?.['message']).toBe(reply.json['message']);
  return errors[0] ?? {};
}

describe('seeded demo data and the seven endpoints', () => {
  it('queries the demo customer payments in creation order', async () => {
    const reply = await call('GET', '', ct.demo.customerToken);
    const { limit, offset, count, total, results } = page(reply);
    expect({ limit, offset, count, total }).toEqual({ limit: 20, offset: 0, count: 5, total: 5 });
    expect(results.map((p) => p.createdAt)).toEqual(results.map((p) => p.createdAt).sort());
    expect(reply.text).toContain('"centAmount":5000000000');
    expect(results.every((p) => (p['customer'] as { id: string }).id === ct.demo.customerId)).toBe(true);
    expect(results.some((p) => (p['paymentMethodInfo'] as { name?: object }).name !== undefined
      && Object.keys((p['paymentMethodInfo'] as { name: object }).name).join() === 'en,de')).toBe(true);
  });

  it('gives the anonymous session its one payment', async () => {
    const { results } = page(await call('GET', '', ct.demo.anonymousToken));
    expect(results).toHaveLength(1);
    expect(results[0]?.['anonymousId']).toBe(ct.demo.anonymousId);
    expect(results[0]?.['customer']).toBeUndefined();
  });

  it('creates (201), reads, heads, updates and deletes a payment', async () => {
    const created = await create(ct.demo.customerToken, {
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
      customer: { typeId: 'customer', id: ct.demo.customerId },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: 'Credit Card' } },
      transactions: [],
      custom: { type: { typeId: 'type', id: expect.any(String) }, fields: { note: 'hi' } },
    });

    expect((await call('GET', `/${payment.id}?expand=foo`, ct.demo.customerToken)).json).toEqual(payment);
    const head = await call('HEAD', `/${payment.id}`, ct.demo.customerToken);
    expect([head.status, head.text]).toEqual([200, '']);
    expect((await call('HEAD', '/3f7e1c52-0000-4000-8000-000000000000', ct.demo.customerToken)).status).toBe(404);
    const where = (w: string) => `?where=${encodeURIComponent(w)}`;
    expect((await call('HEAD', where(`id = "${payment.id}"`), ct.demo.customerToken)).status).toBe(200);
    expect((await call('HEAD', where('id = "nope"'), ct.demo.customerToken)).status).toBe(404);

    const updated = await update(ct.demo.customerToken, payment.id, 1, [
      { action: 'setMethodInfoMethod', method: 'APPLE_PAY' },
      { action: 'changeAmountPlanned', amount: { currencyCode: 'EUR', centAmount: 999 } },
    ]);
    expect(updated.status).toBe(200);
    const after = updated.json as unknown as Payment;
    expect(after.version).toBe(2);
    expect(after.lastModifiedAt > payment.lastModifiedAt).toBe(true);
    expect(after['paymentMethodInfo']).toMatchObject({ method: 'APPLE_PAY' });

    expect(firstError(await call('DELETE', `/${payment.id}`, ct.demo.customerToken), 400)).toMatchObject({
      code: 'RequiredField', field: 'version',
    });
    expect(firstError(await call('DELETE', `/${payment.id}?version=1`, ct.demo.customerToken), 409)).toMatchObject({
      code: 'ConcurrentModification', currentVersion: 2,
    });
    const deleted = await call('DELETE', `/${payment.id}?version=2`, ct.demo.customerToken);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual(after);
    expect(firstError(await call('GET', `/${payment.id}`, ct.demo.customerToken), 404)['code']).toBe('ResourceNotFound');
  });

  it('answers unknown project keys and paths with 404 ResourceNotFound', async () => {
    const res = await fetch(`${ct.apiUrl}/other-project/me/payments`, { headers: { authorization: `Bearer ${ct.demo.customerToken}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'ResourceNotFound' }] });
    expect(firstError(await call('GET', '/a/b', ct.demo.customerToken), 404)['code']).toBe('ResourceNotFound');
  });

  it('records every request to the payments endpoints', async () => {
    const before = ct.requests.length;
    await call('GET', '?limit=1&where=version%20%3E%200', ct.demo.customerToken);
    await call('GET', '', undefined);
    expect(ct.requests.length).toBe(before + 2);
    const recorded = ct.requests[before];
    expect(recorded?.method).toBe('GET');
    expect(recorded?.path).toBe(`/${ct.projectKey}/me/payments`);
    expect(recorded?.query.get('where')).toBe('version > 0');
    expect(recorded?.authorization).toBe(`Bearer ${ct.demo.customerToken}`);
    expect(ct.requests[before + 1]?.authorization).toBeUndefined();
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
    const other = await ct.createCustomerToken();
    const demoPayment = page(await call('GET', '?limit=1', ct.demo.customerToken)).results[0];
    const id = demoPayment?.id ?? '';
    for (const reply of [
      await call('GET', `/${id}`, other.token),
      await update(other.token, id, 1, [{ action: 'setMethodInfoMethod', method: 'X' }]),
      await call('DELETE', `/${id}?version=1`, other.token),
    ]) expect(firstError(reply, 404)['code']).toBe('ResourceNotFound');
    expect((await call('HEAD', `/${id}`, other.token)).status).toBe(404);
    expect(page(await call('GET', '', other.token))).toEqual({ limit: 20, offset: 0, count: 0, total: 0, results: [] });
    expect((await call('HEAD', `?where=${encodeURIComponent(`id = "${id}"`)}`, other.token)).status).toBe(404);
    expect((await call('GET', `/${id}`, ct.demo.anonymousToken)).status).toBe(404);
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
  const basic = () => `Basic ${Buffer.from(`${ct.clientId}:${ct.clientSecret}`).toString('base64')}`;
  async function token(path: string, form: Record<string, string>, authorization = basic()) {
    const res = await fetch(`${ct.authUrl}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('issues a customer token with the password flow, usable on My Payments', async () => {
    const reply = await token(`/oauth/${ct.projectKey}/customers/token`, {
      grant_type: 'password', username: ct.demo.email, password: ct.demo.password,
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      access_token: expect.any(String), token_type: 'Bearer', expires_in: 172800, refresh_token: expect.any(String),
      scope: `manage_my_payments:${ct.projectKey} customer_id:${ct.demo.customerId}`,
    });
    expect(page(await call('GET', '', reply.json['access_token'] as string)).count).toBeGreaterThanOrEqual(5);

    const refreshed = await token('/oauth/token', { grant_type: 'refresh_token', refresh_token: reply.json['refresh_token'] as string });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', '', refreshed.json['access_token'] as string)).status).toBe(200);
  });

  it('rejects a wrong password and wrong client credentials with 401', async () => {
    const wrong = await token(`/oauth/${ct.projectKey}/customers/token`, {
      grant_type: 'password', username: ct.demo.email, password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({
      statusCode: 401, error: 'invalid_customer_account_credentials', errors: [{ code: 'invalid_customer_account_credentials' }],
    });
    const badClient = await token(`/oauth/${ct.projectKey}/anonymous/token`, { grant_type: 'client_credentials' }, 'Basic eDp5');
    expect(badClient.status).toBe(401);
    expect(badClient.json).toMatchObject({ error: 'invalid_client', errors: [{ code: 'invalid_client' }] });
  });

  it('issues anonymous tokens whose payments carry the anonymousId', async () => {
    const reply = await token(`/oauth/${ct.projectKey}/anonymous/token`, { grant_type: 'client_credentials', anonymous_id: 'anon-42' });
    expect(reply.status).toBe(200);
    expect(reply.json['scope']).toBe(`manage_my_payments:${ct.projectKey} anonymous_id:anon-42`);
    const created = await create(reply.json['access_token'] as string, { amountPlanned: usd(100) });
    expect(created.json['anonymousId']).toBe('anon-42');
  });
});

describe('updates: versions, actions, the transaction lock', () => {
  let token: string;
  beforeAll(async () => {
    token = (await ct.createCustomerToken()).token;
  });
  const fresh = async (draft: Record<string, unknown> = {}) =>
    (await create(token, { amountPlanned: usd(500), ...draft })).json as unknown as Payment;

  it('answers a stale version with 409 ConcurrentModification and currentVersion', async () => {
    const p = await fresh();
    const reply = await update(token, p.id, 7, [{ action: 'setMethodInfoMethod', method: 'X' }]);
    expect(firstError(reply, 409)).toEqual({
      code: 'ConcurrentModification', currentVersion: 1,
      message: `Object ${p.id} has a different version than expected. Expected: 7 - Actual: 1.`,
    });
  });

  it('applies every action and bumps the version once per request', async () => {
    const p = await fresh({ custom: { type: { key: 'payment-extras', typeId: 'type' }, fields: { a: 1 } } });
    const reply = await update(token, p.id, 1, [
      { action: 'setMethodInfoInterface', interface: 'ADYEN' },
      { action: 'setMethodInfoInterface', interface: 'ADYEN' },
      { action: 'setMethodInfoInterfaceAccount', interfaceAccount: 'acct_1' },
      { action: 'setMethodInfoMethod', method: 'CARD' },
      { action: 'setMethodInfoName', name: { en: 'Card', de: 'Karte' } },
      { action: 'setCustomField', name: 'b', value: 'two' },
      { action: 'setCustomField', name: 'a', value: null },
      { action: 'setMethodInfoCustomType', type: { key: 'payment-method-extras', typeId: 'type' }, fields: { x: true } },
      { action: 'setMethodInfoCustomField', name: 'y', value: 3 },
      { action: 'changeAmountPlanned', amount: { currencyCode: 'KWD', centAmount: 1500 } },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      version: 2,
      amountPlanned: { type: 'centPrecision', currencyCode: 'KWD', centAmount: 1500, fractionDigits: 3 },
      paymentMethodInfo: {
        paymentInterface: 'ADYEN', interfaceAccount: 'acct_1', method: 'CARD', name: { en: 'Card', de: 'Karte' },
        custom: { type: { typeId: 'type' }, fields: { x: true, y: 3 } },
      },
      custom: { fields: { b: 'two' } },
    });
    const cleared = await update(token, p.id, 2, [
      { action: 'setMethodInfoMethod' }, { action: 'setMethodInfoName' }, { action: 'setMethodInfoCustomType' },
    ]);
    expect(cleared.json['paymentMethodInfo']).toEqual({ paymentInterface: 'ADYEN', interfaceAccount: 'acct_1' });
    expect(cleared.json['version']).toBe(3);

    const change = await update(token, p.id, 3, [{ action: 'setMethodInfoInterface', interface: 'STRIPE' }]);
    expect(firstError(change, 400)['code']).toBe('InvalidOperation');
    const remove = await update(token, p.id, 3, [{ action: 'setCustomField', name: 'missing' }]);
    expect(firstError(remove, 400)['code']).toBe('InvalidOperation');
    const unknown = await update(token, p.id, 3, [{ action: 'setStatusInterfaceCode', interfaceCode: 'x' }]);
    expect(firstError(unknown, 400)['code']).toBe('InvalidInput');
  });

  it('applies actions all or nothing', async () => {
    const p = await fresh();
    const reply = await update(token, p.id, 1, [
      { action: 'setMethodInfoMethod', method: 'CARD' },
      { action: 'changeAmountPlanned', amount: { currencyCode: 'usd', centAmount: 1 } },
    ]);
    expect(firstError(reply, 400)).toMatchObject({ code: 'InvalidField', field: 'amount.currencyCode', invalidValue: 'usd' });
    expect((await call('GET', `/${p.id}`, token)).json).toEqual(p);
  });

  it('locks a payment once it has a transaction', async () => {
    const p = await fresh();
    const added = await update(token, p.id, 1, [
      { action: 'addTransaction', transaction: { type: 'Authorization', amount: usd(500), interactionId: 'auth-1' } },
    ]);
    expect(added.status).toBe(200);
    expect((added.json['transactions'] as unknown[])[0]).toEqual({
      id: expect.any(String), timestamp: expect.any(String), type: 'Authorization', state: 'Initial', interactionId: 'auth-1',
      amount: { type: 'centPrecision', currencyCode: 'USD', centAmount: 500, fractionDigits: 2 },
    });
    const again = await update(token, p.id, 2, [{ action: 'setMethodInfoMethod', method: 'X' }]);
    expect(firstError(again, 400)['code']).toBe('InvalidOperation');
    expect(firstError(await call('DELETE', `/${p.id}?version=2`, token), 400)['code']).toBe('InvalidOperation');

    const seededLocked = page(await call('GET', `?where=${encodeURIComponent('transactions is not empty')}`, ct.demo.customerToken)).results[0];
    expect(seededLocked).toBeDefined();
    const reply = await update(ct.demo.customerToken, seededLocked?.id ?? '', 1, [{ action: 'setMethodInfoMethod', method: 'X' }]);
    expect(firstError(reply, 400)['message']).toMatch(/transactions/);
  });

  it('validates drafts with the documented error codes', async () => {
    const cases: Array<[string, number, Record<string, unknown>]> = [
      ['{}', 400, { code: 'RequiredField', field: 'amountPlanned' }],
      ['{"amountPlanned":{"centAmount":1}}', 400, { code: 'RequiredField', field: 'amountPlanned.currencyCode' }],
      ['{"amountPlanned":{"currencyCode":"EUR"}}', 400, { code: 'RequiredField', field: 'amountPlanned.centAmount' }],
      ['{"amountPlanned":{"currencyCode":"EURO","centAmount":1}}', 400, { code: 'InvalidField', field: 'amountPlanned.currencyCode', invalidValue: 'EURO' }],
      ['{"amountPlanned":{"currencyCode":"EUR","centAmount":-1}}', 400, { code: 'InvalidField', field: 'amountPlanned.centAmount', invalidValue: -1 }],
      ['{"amountPlanned":{"currencyCode":"EUR","centAmount":9223372036854775808}}', 400, { code: 'MoneyOverflow' }],
      ['{"amountPlanned":{"currencyCode":"EUR","centAmount":1},"transaction":{"type":"Refund","amount":{"currencyCode":"EUR","centAmount":1}}}', 400,
        { code: 'InvalidField', field: 'transaction.type', invalidValue: 'Refund', allowedValues: ['Authorization', 'Charge'] }],
      ['{"amountPlanned":{"currencyCode":"EUR","centAmount":1},"custom":{"type":{"key":"nope","typeId":"type"}}}', 400,
        { code: 'ReferencedResourceNotFound', typeId: 'type', key: 'nope' }],
      ['{"amountPlanned":', 400, { code: 'InvalidJsonInput', detailedErrorMessage: expect.any(String) }],
    ];
    for (const [body, status, error] of cases) {
      expect(firstError(await call('POST', '', token, body), status), body).toMatchObject(error);
    }
  });

  it('keeps 64-bit centAmounts exact in and out', async () => {
    for (const cents of ['9007199254740993', '9223372036854775807']) {
      const created = await call('POST', '', token, `{"amountPlanned":{"currencyCode":"JPY","centAmount":${cents}}}`);
      expect(created.status).toBe(201);
      expect(created.text).toContain(`"centAmount":${cents},"fractionDigits":0`);
      const id = (created.json as unknown as Payment).id;
      expect((await call('GET', `/${id}`, token)).text).toContain(`"centAmount":${cents}`);
      const where = encodeURIComponent(`amountPlanned(centAmount = ${cents})`);
      const found = await call('GET', `?where=${where}`, token);
      expect(page(found).count).toBe(1);
      expect(found.text).toContain(`"centAmount":${cents}`);
    }
    const p = await fresh();
    const changed = await call('POST', `/${p.id}`, token,
      '{"version":1,"actions":[{"action":"changeAmountPlanned","amount":{"currencyCode":"EUR","centAmount":9223372036854775807}}]}');
    expect(changed.text).toContain('"centAmount":9223372036854775807');
  });
});

describe('query predicates, sorting and paging', () => {
  let token: string;
  let customerId: string;
  // A: EUR 500 (updated once), B: USD 1500, C: EUR 2^53+1 with custom fields, D: USD 100 with a Charge.
  const ids: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };
  const byId = new Map<string, string>();
  let createdA = '';

  beforeAll(async () => {
    ({ token, customerId } = await ct.createCustomerToken());
    const drafts: Array<['A' | 'B' | 'C' | 'D', string]> = [
      ['A', '{"amountPlanned":{"currencyCode":"EUR","centAmount":500},"paymentMethodInfo":{"paymentInterface":"STRIPE","method":"CARD","name":{"en":"Card \\"Visa\\""}}}'],
      ['B', '{"amountPlanned":{"currencyCode":"USD","centAmount":1500},"paymentMethodInfo":{"method":"PAYPAL"}}'],
      ['C', '{"amountPlanned":{"currencyCode":"EUR","centAmount":9007199254740993},"paymentMethodInfo":{"method":"CARD"},"custom":{"type":{"key":"payment-extras","typeId":"type"},"fields":{"note":"big","points":5}}}'],
      ['D', '{"amountPlanned":{"currencyCode":"USD","centAmount":100},"paymentMethodInfo":{"method":"CARD"},"transaction":{"type":"Charge","interactionId":"ix-1","amount":{"currencyCode":"USD","centAmount":100}}}'],
    ];
    for (const [name, body] of drafts) {
      const payment = (await call('POST', '', token, body)).json as unknown as Payment;
      ids[name] = payment.id;
      byId.set(payment.id, name);
      if (name === 'A') createdA = payment.createdAt;
    }
    await update(token, ids.A, 1, [{ action: 'setMethodInfoInterfaceAccount', interfaceAccount: 'acct_1' }]);
  });

  async function names(query: string): Promise<string> {
    const reply = await call('GET', `?${query}`, token);
    expect(reply.status, reply.text).toBe(200);
    return page(reply).results.map((p) => byId.get(p.id)).join('');
  }
  const where = (...predicates: string[]) => predicates.map((w) => `where=${encodeURIComponent(w)}`).join('&');
  const sorted = (predicate: string) => `${where(predicate)}&sort=id`;
  const idOrder = (...n: Array<keyof typeof ids>) => n.sort((x, y) => (ids[x] < ids[y] ? -1 : 1)).join('');

  it('evaluates each predicate form', async () => {
    const cases: Array<[string, string]> = [
      ['amountPlanned(currencyCode = "EUR")', idOrder('A', 'C')],
      ['amountPlanned(centAmount > 1000 and currencyCode = "EUR")', 'C'],
      ['amountPlanned(centAmount = 9007199254740993)', 'C'],
      ['amountPlanned(centAmount = 9007199254740992)', ''],
      ['amountPlanned(centAmount < 500)', 'D'],
      ['amountPlanned(centAmount <= 500)', idOrder('A', 'D')],
      ['amountPlanned(centAmount >= 1500)', idOrder('B', 'C')],
      ['paymentMethodInfo(method = "CARD")', idOrder('A', 'C', 'D')],
      ['paymentMethodInfo(method != "CARD")', 'B'],
      ['paymentMethodInfo(method <> "CARD")', 'B'],
      ['paymentMethodInfo(name(en = "Card \\"Visa\\""))', 'A'],
      ['paymentMethodInfo(paymentInterface is defined)', 'A'],
      ['paymentMethodInfo(paymentInterface is not defined)', idOrder('B', 'C', 'D')],
      ['paymentMethodInfo(interfaceAccount = "acct_1")', 'A'],
      [`id in ("${ids.A}", "${ids.B}")`, idOrder('A', 'B')],
      [`id not in ("${ids.A}", "${ids.B}")`, idOrder('C', 'D')],
      ['custom is defined', 'C'],
      ['custom(fields(note = "big" and points >= 5))', 'C'],
      ['transactions(type = "Charge")', 'D'],
      ['transactions(interactionId = "ix-1" and amount(centAmount = 100))', 'D'],
      ['transactions is empty', idOrder('A', 'B', 'C')],
      ['not (amountPlanned(currencyCode = "EUR"))', idOrder('B', 'D')],
      ['amountPlanned(currencyCode = "EUR") or paymentMethodInfo(method = "PAYPAL")', idOrder('A', 'B', 'C')],
      ['(amountPlanned(currencyCode = "USD") or custom is defined) and paymentMethodInfo(method = "CARD")', idOrder('C', 'D')],
      [`customer(id = "${customerId}")`, idOrder('A', 'B', 'C', 'D')],
      ['version = 2', 'A'],
      ['version = 1 and paymentMethodInfo(method = "PAYPAL")', 'B'],
      [`createdAt > "${createdA}"`, idOrder('B', 'C', 'D')],
    ];
    for (const [predicate, expected] of cases) expect(await names(sorted(predicate)), predicate).toBe(expected);
  });

  it('ANDs repeated where parameters and substitutes var.* input variables', async () => {
    const twoWheres = `${where('amountPlanned(currencyCode = "EUR")', 'paymentMethodInfo(method = "CARD")')}&sort=id`;
    expect(await names(twoWheres)).toBe(idOrder('A', 'C'));
    expect(await names(`${where('id in :ids')}&var.ids=${ids.A}&var.ids=${ids.D}&sort=id`)).toBe(idOrder('A', 'D'));
    expect(await names(`${where('amountPlanned(currencyCode = :cur)')}&var.cur=USD&sort=id`)).toBe(idOrder('B', 'D'));
    expect(await names(`${where('amountPlanned(centAmount > :min)')}&var.min=1000&sort=id`)).toBe(idOrder('B', 'C'));
  });

  it('rejects bad predicates with InvalidInput pointing at the position', async () => {
    const bad: Array<[string, RegExp]> = [
      ['id = "x" and foo = 1', /Unknown field 'foo'.*column 14/],
      ['id = ', /column 6/],
      ['id = "x', /unterminated/],
      ['version = "one"', /expects a number/],
      ['amountPlanned = 5', /sub-fields/],
      ['id in :missing', /var\.missing/],
      ['(id = "x"', /column 10/],
    ];
    for (const [predicate, message] of bad) {
      const error = firstError(await call('GET', `?${where(predicate)}`, token), 400);
      expect(error['code'], predicate).toBe('InvalidInput');
      expect(error['message'], predicate).toMatch(message);
    }
    expect((await call('HEAD', `?${where('nope = 1')}`, token)).status).toBe(400);
  });

  it('answers HEAD by where 200 when any payment matches, else 404', async () => {
    expect((await call('HEAD', `?${where('transactions(type = "Charge")')}`, token)).status).toBe(200);
    expect((await call('HEAD', `?${where('transactions(type = "Authorization")')}`, token)).status).toBe(404);
  });

  it('sorts by each key in both directions, ties broken by id', async () => {
    const cases: Array<[string, string]> = [
      ['id asc', idOrder('A', 'B', 'C', 'D')],
      ['id desc', idOrder('A', 'B', 'C', 'D').split('').reverse().join('')],
      ['createdAt', 'ABCD'],
      ['createdAt asc', 'ABCD'],
      ['createdAt desc', 'DCBA'],
      ['lastModifiedAt asc', 'BCDA'],
      ['lastModifiedAt desc', 'ADCB'],
      ['version asc', `${idOrder('B', 'C', 'D')}A`],
      ['version desc', `A${idOrder('B', 'C', 'D')}`],
      ['amountPlanned.centAmount asc', 'DABC'],
      ['amountPlanned.centAmount desc', 'CBAD'],
    ];
    for (const [sort, expected] of cases) expect(await names(`sort=${encodeURIComponent(sort)}`), sort).toBe(expected);
    expect(await names('')).toBe('ABCD');
    expect(await names('sort=version%20desc&sort=amountPlanned.centAmount%20desc')).toBe('ACBD');
    for (const sort of ['status asc', 'id sideways']) {
      expect(firstError(await call('GET', `?sort=${encodeURIComponent(sort)}`, token), 400)['code']).toBe('InvalidInput');
    }
  });

  it('pages with limit, offset and withTotal within the documented bounds', async () => {
    const reply = page(await call('GET', '?sort=createdAt&limit=2&offset=1', token));
    expect({ ...reply, results: reply.results.map((p) => byId.get(p.id)) }).toEqual({
      limit: 2, offset: 1, count: 2, total: 4, results: ['B', 'C'],
    });
    const noTotal = await call('GET', '?withTotal=false&limit=0', token);
    expect(noTotal.json).toEqual({ limit: 0, offset: 0, count: 0, results: [] });
    expect(page(await call('GET', '?limit=500&offset=10000', token))).toMatchObject({ count: 0, total: 4 });
    for (const query of ['limit=501', 'offset=10001', 'limit=-1', 'limit=abc', 'withTotal=maybe']) {
      expect(firstError(await call('GET', `?${query}`, token), 400)['code'], query).toBe('InvalidInput');
    }
  });
});

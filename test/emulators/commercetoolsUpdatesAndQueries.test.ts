import { describe, it, expect, beforeAll } from 'vitest';
import { firstError, page, useCommercetoolsEmulator, usd, type Payment } from './commercetoolsHttp.ts';

const { env, call, create, update } = useCommercetoolsEmulator();

describe('updates: versions, actions, the transaction lock', () => {
  let token: string;
  beforeAll(async () => {
    token = (await env.ct.createCustomerToken()).token;
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

    const seededLocked = page(await call('GET', `?where=${encodeURIComponent('transactions is not empty')}`, env.ct.demo.customerToken)).results[0];
    expect(seededLocked).toBeDefined();
    const reply = await update(env.ct.demo.customerToken, seededLocked?.id ?? '', 1, [{ action: 'setMethodInfoMethod', method: 'X' }]);
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
    ({ token, customerId } = await env.ct.createCustomerToken());
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

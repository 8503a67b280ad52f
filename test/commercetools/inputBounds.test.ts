import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { MAX_WHERE_BYTES } from '../../src/validation/commercetoolsInput.ts';
import { PAGE, UPDATE } from './fragments.ts';

/** Input that must never reach commercetools: refused with BAD_USER_INPUT on its field, and the stub sees no call. */
let stack: StubStack;
beforeAll(async () => {
  stack = await startStubStack();
  stack.ct.handler = faults.json(200, paymentPage(['p-1']));
});
afterAll(() => stack.close());

async function expectRefused(query: string, variables: Record<string, unknown>, field: string, code = 'BAD_USER_INPUT') {
  stack.ct.calls.length = 0;
  const res = await stack.gql(query, { variables });
  expect(res.body.errors?.[0]?.extensions, res.text).toMatchObject({ code, field });
  expect(stack.ct.calls, 'no call may reach commercetools').toEqual([]);
  return res;
}

const ONE_PAYMENT = (paymentPage(['p-1']) as { results: unknown[] }).results[0];

/**
 * Sends `bad` through Apollo (a document it has not seen), then `good` so Apollo compiles the document for the
 * fast path, then `bad` again, now served by graphql-jit. Each `bad` must be refused with nothing sent upstream.
 */
async function refusedOnBothEngines(query: string, bad: Record<string, unknown>, good: Record<string, unknown>, field: string, fastPathStatus = 400) {
  const unique = `# ${Math.random()}\n${query}`;
  const code = 'BAD_USER_INPUT';
  const refuse = async (status: number) => {
    stack.ct.calls.length = 0;
    const res = await stack.gql(unique, { variables: bad });
    expect(res.status, res.text).toBe(status);
    expect(res.body.errors?.[0]?.extensions, res.text).toMatchObject({ code, field });
    expect(stack.ct.calls).toEqual([]);
  };
  await refuse(400);
  stack.ct.handler = faults.json(200, ONE_PAYMENT);
  const accepted = await stack.gql(unique, { variables: good });
  stack.ct.handler = faults.json(200, paymentPage(['p-1']));
  expect(accepted.body.errors, accepted.text).toBeUndefined();
  await refuse(fastPathStatus);
}

const BAD_IDS: Array<[string, string]> = [
  ['a parent-directory segment', '..'],
  ['a single dot', '.'],
  ['a slash', 'a/b'],
  ['an encoded slash', 'a%2Fb'],
  ['a query string', 'p-1?version=9'],
  ['a space', 'p 1'],
  ['an empty id', ''],
  ['257 characters', 'a'.repeat(257)],
];

describe('ids are checked before they reach a URL', () => {
  it.each(BAD_IDS)('myPayment refuses %s', async (_label, id) => {
    await expectRefused('query ($id: ID!) { myPayment(id: $id) { id } }', { id }, 'id');
  });
  it.each(BAD_IDS)('myPaymentExists refuses %s', async (_label, id) => {
    await expectRefused('query ($id: ID) { myPaymentExists(id: $id) }', { id }, 'id');
  });
  it.each(BAD_IDS)('updateMyPayment refuses %s', async (_label, id) => {
    await expectRefused(UPDATE, { id, version: 1, actions: [{ setMethodInfoMethod: { method: 'A' } }] }, 'id');
  });
  it.each(BAD_IDS)('deleteMyPayment refuses %s', async (_label, id) => {
    await expectRefused('mutation ($id: ID!) { deleteMyPayment(id: $id, version: 1) { id } }', { id }, 'id');
  });

  it('lets a UUID and a key-shaped id through to one call each', async () => {
    stack.ct.calls.length = 0;
    for (const id of ['48ad0d9b-0da4-4b3b-a6fe-42ba157d833f', 'p_1-A', 'a'.repeat(256)]) {
      const res = await stack.gql('query ($id: ID!) { myPayment(id: $id) { id } }', { variables: { id } });
      expect(res.body.errors).toBeUndefined();
    }
    expect(stack.ct.calls).toHaveLength(3);
  });
});

describe('where and sort are bounded', () => {
  const longWhere = `id = "${'a'.repeat(MAX_WHERE_BYTES)}"`;

  it('refuses a where longer than the limit in myPayments and myPaymentExists', async () => {
    const res = await expectRefused(PAGE, { where: longWhere }, 'where');
    expect(res.body.errors?.[0]?.message).toContain(`${MAX_WHERE_BYTES} bytes`);
    await expectRefused('query ($w: String) { myPaymentExists(where: $w) }', { w: longWhere }, 'where');
    // 900 KB used to become a 900 KB GET URL.
    await expectRefused(PAGE, { where: 'x'.repeat(900 * 1024) }, 'where');
  });

  it('counts bytes, not characters', async () => {
    await expectRefused(PAGE, { where: `id = "${'é'.repeat(MAX_WHERE_BYTES / 2)}"` }, 'where');
  });

  it('accepts a where at the limit', async () => {
    stack.ct.calls.length = 0;
    const atLimit = `id = "${'a'.repeat(MAX_WHERE_BYTES - 7)}"`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_WHERE_BYTES);
    const res = await stack.gql(PAGE, { variables: { where: atLimit } });
    expect(res.body.errors).toBeUndefined();
    expect(stack.ct.calls).toHaveLength(1);
  });

  it.each([
    ['six sort expressions', ['createdAt asc', 'lastModifiedAt asc', 'version asc', 'amountPlanned.centAmount asc', 'id asc', 'id desc'], 'sort'],
    ['a sort expression of 65 characters', [`createdAt${' '.repeat(52)}desc`], 'sort[0]'],
    ['an unknown sort field', ['paymentMethodInfo.method asc'], 'sort[0]'],
    ['a direction that is not asc or desc', ['createdAt up'], 'sort[0]'],
    ['a field sorted twice', ['createdAt asc', 'createdAt desc'], 'sort[1]'],
  ])('refuses %s', async (_label, sort, field) => {
    await expectRefused(PAGE, { sort }, field);
  });
});

describe('page sizes follow the schema (1 to 500)', () => {
  it.each([
    [{ first: 0 }, 'first'],
    [{ last: 0 }, 'last'],
    [{ first: 501 }, 'first'],
    [{ last: -1 }, 'last'],
  ])('refuses %o', async (variables, field) => {
    await expectRefused(PAGE, variables, field);
  });
});

describe('a malformed predicate is the caller\'s input for HEAD as for GET', () => {
  it('a bare HEAD 400 becomes BAD_USER_INPUT on where, not UPSTREAM_ERROR', async () => {
    stack.ct.handler = (_req, res) => res.writeHead(400).end();
    const res = await stack.gql('query ($w: String) { myPaymentExists(where: $w) }', { variables: { w: 'amountPlanned(centAmount >' } });
    stack.ct.handler = faults.json(200, paymentPage(['p-1']));
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', upstream: 'commercetools', field: 'where' });
  });

  it('a bare HEAD 401 is UNAUTHENTICATED', async () => {
    stack.ct.handler = (_req, res) => res.writeHead(401).end();
    const res = await stack.gql('query { myPaymentExists(id: "p-1") }');
    stack.ct.handler = faults.json(200, paymentPage(['p-1']));
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'commercetools' });
  });
});

describe('subscriptions', () => {
  it('are a 400 validation error with no error-level log line', async () => {
    const logsBefore = stack.logs.length;
    stack.ct.calls.length = 0;
    const res = await stack.gql('subscription { x }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).toContain('no subscription operations');
    const levels = stack.logs.slice(logsBefore).map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.filter((level) => level >= 40), stack.logs.slice(logsBefore).join('\n')).toEqual([]);
    expect(stack.logs.slice(logsBefore).join('\n')).not.toContain('stack');
  });
});

describe('currencies are ISO 4217 codes, on both engines', () => {
  const CREATE = 'mutation ($c: Currency!) { createMyPayment(draft: { amountPlanned: { currencyCode: $c, centAmount: 1 } }) { id } }';

  it.each(['ZZZ', 'XYZ', 'XXX', 'eur', 'EURO'])('refuses %s as a variable, through Apollo and the compiled path', async (currency) => {
    await refusedOnBothEngines(CREATE, { c: currency }, { c: 'EUR' }, 'c');
  });

  it('refuses ZZZ as a literal', async () => {
    stack.ct.calls.length = 0;
    const res = await stack.gql('mutation { createMyPayment(draft: { amountPlanned: { currencyCode: "ZZZ", centAmount: 1 } }) { id } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect(stack.ct.calls).toEqual([]);
  });

  it('the runtime knows the codes the examples use', () => {
    const codes = Intl.supportedValuesOf('currency');
    for (const code of ['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'BHD', 'SEK']) expect(codes, `Node's ICU lacks ${code}: run Node 20 with full ICU`).toContain(code);
  });

  it.each(['EUR', 'USD', 'JPY'])('accepts %s', async (currency) => {
    stack.ct.handler = faults.json(201, ONE_PAYMENT);
    const res = await stack.gql(CREATE, { variables: { c: currency } });
    stack.ct.handler = faults.json(200, paymentPage(['p-1']));
    expect(res.body.errors).toBeUndefined();
  });
});

describe('an update action sets exactly one field (@oneOf), on both engines', () => {
  const twoFields = { setMethodInfoMethod: { method: 'A' }, setMethodInfoInterface: { interface: 'B' } };

  it('refuses two fields in a literal as a validation error', async () => {
    stack.ct.calls.length = 0;
    const res = await stack.gql('mutation { updateMyPayment(id: "p-1", version: 1, actions: [{ setMethodInfoMethod: { method: "A" }, setMethodInfoInterface: { interface: "B" } }]) { id } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).toContain('exactly one key');
    expect(stack.ct.calls).toEqual([]);
  });

  it('refuses none in a literal as a validation error', async () => {
    const res = await stack.gql('mutation { updateMyPayment(id: "p-1", version: 1, actions: [{}]) { id } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['two fields', twoFields, 'actions[1]'],
    ['no field', {}, 'actions[1]'],
    ['one field and an explicit null', { setMethodInfoMethod: { method: 'A' }, setMethodInfoInterface: null }, 'actions[1]'],
  ])('refuses %s in variables, through Apollo and the compiled path', async (_label, action, field) => {
    const good = { id: 'p-1', version: 1, actions: [{ setMethodInfoMethod: { method: 'A' } }] };
    // graphql-jit coerces variables without the @oneOf rule: the compiled path lets graphql-js coerce them first (400, as Apollo).
    await refusedOnBothEngines(UPDATE, { ...good, actions: [{ setMethodInfoMethod: { method: 'A' } }, action] }, good, field);
  });
});

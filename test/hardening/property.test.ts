import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCode } from '../../src/generated/graphql.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { expectNoSecrets } from './secrets.ts';

const CODES = new Set<string>(Object.values(ErrorCode));
let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await startTestStack({ UPSTREAM_TIMEOUT_MS: '2000' });
  token = (await stack.ct.createCustomerToken()).token;
});

afterAll(async () => {
  await stack.close();
  expectNoSecrets(stack.logs);
});

const paymentFields = fc.subarray(
  [
    'id',
    'version',
    'anonymousId',
    'createdAt',
    'customer { id }',
    'amountPlanned { centAmount currencyCode fractionDigits preciseAmount }',
    'transactions { id type state timestamp amount { centAmount } }',
    'paymentMethodInfo { method paymentInterface name(locale: "en") nameAllLocales { locale value } }',
    'custom { fields }',
    '__typename',
  ],
  { minLength: 1 },
);

/** Operations that validate against the schema, with variables typed as declared but filled with anything. */
const operation: fc.Arbitrary<{ query: string; vars: readonly string[] }> = fc.oneof(
  paymentFields.map((f) => ({ query: `query ($id: ID!) { myPayment(id: $id) { ${f.join(' ')} } }`, vars: ['id'] })),
  paymentFields.map((f) => ({
    query: `query ($first: Int, $last: Int, $after: String, $before: String, $where: String, $sort: [String!]) {
      myPayments(first: $first, last: $last, after: $after, before: $before, where: $where, sort: $sort) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${f.join(' ')} } } } }`,
    vars: ['first', 'last', 'after', 'before', 'where', 'sort'],
  })),
  fc.constant({ query: 'query ($id: ID, $where: String) { myPaymentExists(id: $id, where: $where) }', vars: ['id', 'where'] }),
  paymentFields.map((f) => ({ query: `mutation ($draft: MyPaymentDraft!) { createMyPayment(draft: $draft) { ${f.join(' ')} } }`, vars: ['draft'] })),
  fc.constant({
    query: 'mutation ($id: ID!, $version: Long!, $actions: [MyPaymentUpdateAction!]!) { updateMyPayment(id: $id, version: $version, actions: $actions) { id version } }',
    vars: ['id', 'version', 'actions'],
  }),
  fc.constant({ query: 'mutation ($id: ID!, $version: Long!) { deleteMyPayment(id: $id, version: $version) { id } }', vars: ['id', 'version'] }),
);

const plausible = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: -5, max: 600 }),
  fc.constantFrom('createdAt desc', 'amountPlanned(centAmount > 0)', 'id = "x"', 'bXAxOjA', '4111111111111111', '', '\u0000', '9'.repeat(30)),
  fc.record({ amountPlanned: fc.record({ currencyCode: fc.constantFrom('EUR', 'USD', 'XX'), centAmount: fc.oneof(fc.integer(), fc.string()) }) }),
  fc.array(fc.record({ setMethodInfoMethod: fc.record({ method: fc.string() }) }), { maxLength: 3 }),
);

const request = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: operation, values: fc.array(plausible, { minLength: 6, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ raw: fc.string({ maxLength: 200 }), values: fc.constant([] as unknown[]) }) },
);

it('random operations and variables: never a 5xx, never an unmasked error, never a crash', async () => {
  await fc.assert(
    fc.asyncProperty(request, fc.constantFrom('valid', 'garbage', 'none'), async (req, auth) => {
      const query = 'raw' in req ? req.raw : req.op.query;
      const variables = 'raw' in req ? undefined : Object.fromEntries(req.op.vars.map((name, i) => [name, req.values[i]]));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
      if (auth === 'valid') headers.authorization = `Bearer ${token}`;
      if (auth === 'garbage') headers.authorization = 'Bearer x.y.z';
      const res = await fetch(stack.gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      expect(res.status).toBeLessThan(500);
      expect(text).not.toMatch(/stacktrace|\.ts:\d+|node_modules|ECONN/);
      const body = JSON.parse(text) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      for (const error of body.errors ?? []) {
        const code = String(error.extensions?.code);
        expect(CODES.has(code), `${code}: ${error.message}`).toBe(true);
        if (code === 'INTERNAL_SERVER_ERROR') expect(error).toMatchObject({ message: 'Unexpected error.', extensions: { requestId: expect.any(String) } });
      }
    }),
    { numRuns: 250, interruptAfterTimeLimit: 5000 },
  );
  // Still serving afterwards.
  expect((await fetch(stack.gateway.url.replace('/graphql', '/healthz'))).status).toBe(200);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { expectNoSecrets } from './secrets.ts';
import { DEFAULT_MAX_COST } from '../../src/limits/cost.ts';

let stack: StubStack;

beforeAll(async () => {
  stack = await startStubStack();
  stack.ct.handler = faults.json(200, paymentPage(['p-1']));
});

afterAll(async () => {
  expect(await stack.close()).toEqual({ ctOpen: 0, occOpen: 0 });
  expectNoSecrets(stack.logs);
});

/** Sends an operation that must be refused before any upstream call, and returns the first error. */
async function expectRefused(query: string, variables?: Record<string, unknown>) {
  stack.ct.calls.length = 0;
  const res = await stack.gql(query, variables ? { variables } : {});
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(stack.ct.calls).toHaveLength(0);
  return res.body.errors?.[0];
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: myPayment(id: "p-${i}") { id }`).join(' ')} }`;

describe('operation limits (defaults)', () => {
  it('refuses 1,000 aliased myPayment fields with OPERATION_LIMIT_EXCEEDED and no upstream call', async () => {
    const error = await expectRefused(aliases(1000));
    expect(error?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
  });

  it('refuses 101 aliases (limit 100) but serves 100 in one batched upstream call', async () => {
    const error = await expectRefused(aliases(101));
    expect(error).toMatchObject({ message: 'Aliases limit of 100 exceeded, found 101.', extensions: { code: 'OPERATION_LIMIT_EXCEEDED' } });
    stack.ct.calls.length = 0;
    const ok = await stack.gql(aliases(100));
    expect(ok.status).toBe(200);
    expect(stack.ct.calls).toHaveLength(1);
  });

  it('refuses depth beyond 10 (fragments count by what they select, not as a level)', async () => {
    const fragmentDeep = `query { ...Q } fragment Q on Query { myPayments { edges { node { transactions { custom { type { id } } } } } } }`;
    expect((await stack.gql(fragmentDeep)).status).toBe(200);
    const deep = `{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`;
    const error = await expectRefused(deep);
    expect(error?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(error?.message).toMatch(/depth limit of 10 exceeded/i);
  });

  it('refuses more than 2,000 tokens', async () => {
    const padded = `{ myPayment(id: "p-1") { ${'__typename '.repeat(2100)} } }`;
    const error = await expectRefused(padded);
    expect(error).toMatchObject({ message: 'Token limit of 2000 exceeded.', extensions: { code: 'OPERATION_LIMIT_EXCEEDED' } });
  });

  it('refuses more than 20 directives', async () => {
    const error = await expectRefused(`{ myPayment(id: "p-1") { id ${'@include(if: true) '.repeat(21)} } }`);
    expect(error?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
  });

  it('costs pages by their size: first: 5 passes, three wide pages of 500 are refused, also via variables', async () => {
    // One page of 500 with every field is what the schema promises (src/limits/cost.ts); three wide ones are not.
    const selection = `edges { node { id customer { id } amountPlanned { centAmount }
      paymentMethodInfo { method custom { fields } } transactions { id amount { centAmount } custom { fields } } custom { fields } } }`;
    const wide = `query Page($n: Int) { a: myPayments(first: $n, sort: ["id asc"]) { ${selection} }
      b: myPayments(first: $n, sort: ["id desc"]) { ${selection} } c: myPayments(first: $n) { ${selection} } }`;
    stack.ct.calls.length = 0;
    const small = await stack.gql(wide, { variables: { n: 5 } });
    expect(small.status).toBe(200);
    expect(stack.ct.calls).toHaveLength(3);
    const error = await expectRefused(wide, { n: 500 });
    expect(error?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(error?.message).toMatch(new RegExp(`^Operation cost \\d+ exceeds the limit of ${DEFAULT_MAX_COST}\\.$`));
  });

  it('leaves invalid variables to the usual BAD_USER_INPUT, still without an upstream call', async () => {
    stack.ct.calls.length = 0;
    const res = await stack.gql('query ($n: Int) { myPayments(first: $n) { nodes { id } } }', { variables: { n: 'lots' } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.ct.calls).toHaveLength(0);
  });
});

describe('limits are set by configuration', () => {
  it('MAX_DEPTH, MAX_ALIASES and MAX_COST apply as configured', async () => {
    const strict = await startStubStack({ MAX_DEPTH: '3', MAX_ALIASES: '1', MAX_COST: '10' });
    try {
      strict.ct.handler = faults.json(200, paymentPage(['p-1']));
      const depth = await strict.gql('{ myPayments(first: 1) { edges { node { id } } } }');
      expect(depth.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
      const alias = await strict.gql('{ a: myPayment(id: "1") { id } b: myPayment(id: "2") { id } }');
      expect(alias.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
      const cost = await strict.gql('{ myPayments(first: 11) { nodes { customer { id } } } }');
      expect(cost.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
      expect(strict.ct.calls).toHaveLength(0);
      const fine = await strict.gql('{ myPayments(first: 1) { nodes { id } } }');
      expect(fine.body.errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});

describe('HTTP limits', () => {
  it('answers 413 to a body above BODY_LIMIT_BYTES (1 MB default)', async () => {
    stack.ct.calls.length = 0;
    const query = `{ myPayment(id: "${'x'.repeat(1_100_000)}") { id } }`;
    const res = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(stack.ct.calls).toHaveLength(0);
  });

  it('answers 413 to a chunked body that passes the limit, without waiting for its end', async () => {
    stack.ct.calls.length = 0;
    const chunk = new TextEncoder().encode(`{"query":"{ myPayment(id: \\"${'x'.repeat(64 * 1024)}`);
    let sent = 0;
    // No content-length, and a body that never ends by itself: only the running count can refuse it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(stack.ct.calls).toHaveLength(0);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses batched requests while ALLOW_BATCHING is off', async () => {
    stack.ct.calls.length = 0;
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer stub-token' },
      body: JSON.stringify([{ query: '{ myPayment(id: "p-1") { id } }' }, { query: '{ myPayment(id: "p-2") { id } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(stack.ct.calls).toHaveLength(0);
  });

  it('pins graphql-js wording for the token limit (limitError.ts relies on it)', async () => {
    const { parse } = await import('graphql');
    expect(() => parse('{ a b c }', { maxTokens: 2 })).toThrow(/Document contains more th(at|an) 2 tokens/);
  });
});

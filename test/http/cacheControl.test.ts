import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

// Apollo's per-field cache-control plugin is replaced by one header; responses must not change.
describe('cache-control', () => {
  it('is no-store on data, on resolver errors and on validation errors, as Apollo answers by default', async () => {
    const data = await stack.gql('{ myPayments(first: 1) { nodes { id } } }', { token: stack.ct.demo.customerToken });
    expect(data.status).toBe(200);
    expect(data.headers.get('cache-control')).toBe('no-store');
    const unauthenticated = await stack.gql('{ myPayment(id: "x") { id } }');
    expect(unauthenticated.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unauthenticated.headers.get('cache-control')).toBe('no-store');
    const invalid = await stack.gql('{ nope }');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('cache-control')).toBe('no-store');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers/stack.ts';

describe('GraphQL over HTTP', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('answers queries sent with GET', async () => {
    const url = new URL(stack.gateway.url);
    url.searchParams.set('query', '{ myPayments(first: 1) { totalCount } }');
    const res = await fetch(url, { headers: { authorization: `Bearer ${stack.ct.demo.customerToken}`, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { myPayments: { totalCount: 5 } } });
  });

  it('refuses mutations sent with GET', async () => {
    const url = new URL(stack.gateway.url);
    url.searchParams.set('query', 'mutation { deleteMyPayment(id: "x", version: 1) { id } }');
    const res = await fetch(url, { headers: { authorization: `Bearer ${stack.ct.demo.customerToken}`, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    expect(stack.ct.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('refuses a GET without a preflight-forcing header (CSRF protection)', async () => {
    const url = new URL(stack.gateway.url);
    url.searchParams.set('query', '{ __typename }');
    const res = await fetch(url);
    expect(res.status).toBe(400);
  });

  it('shows Apollo Sandbox to a browser outside production', async () => {
    const res = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('embeddable-sandbox');
  });

  it('reads a JSON body whatever the case of its media type (media types are case-insensitive)', async () => {
    for (const type of ['Application/JSON; Charset=UTF-8', 'APPLICATION/JSON']) {
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${stack.ct.demo.customerToken}` },
        body: JSON.stringify({ query: '{ myPayments(first: 1) { totalCount } }' }),
      });
      expect(res.status, type).toBe(200);
      expect(await res.json(), type).toEqual({ data: { myPayments: { totalCount: 5 } } });
    }
  });

  it('answers malformed JSON with a 400 and a typed error', async () => {
    const res = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers a parse error and an unknown field with their codes', async () => {
    const parse = await stack.gql('{ myPayment(id: ');
    expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await stack.gql('{ myPayment(id: "x") { nope } }');
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

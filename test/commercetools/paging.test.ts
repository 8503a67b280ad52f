import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { CREATE, PAGE, type PageView } from './fragments.ts';

describe('myPayments pages through a shopper\'s payments in both directions', () => {
  let stack: TestStack;
  let token: string;
  const amounts = [100, 200, 300, 400, 500, 600, 700];

  beforeAll(async () => {
    stack = await startTestStack();
    ({ token } = await stack.ct.createCustomerToken());
    for (const centAmount of amounts) {
      const res = await stack.gql(CREATE, { token, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount } } } });
      expect(res.body.errors).toBeUndefined();
    }
  });
  afterAll(() => stack.close());

  const page = async (variables: Record<string, unknown>) => {
    const res = await stack.gql<{ myPayments: PageView }>(PAGE, { token, variables });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.myPayments;
  };
  const centsOf = (view: PageView) => view.edges.map((edge) => edge.node.amountPlanned.centAmount);

  it('pages forwards with first/after to the end', async () => {
    const first = await page({ first: 3, sort: ['amountPlanned.centAmount asc'] });
    expect(centsOf(first)).toEqual([100, 200, 300]);
    expect(first.nodes.map((n) => n.id)).toEqual(first.edges.map((e) => e.node.id));
    expect(first).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = await page({ first: 3, after: first.pageInfo.endCursor, sort: ['amountPlanned.centAmount asc'] });
    expect(centsOf(second)).toEqual([400, 500, 600]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const third = await page({ first: 3, after: second.pageInfo.endCursor, sort: ['amountPlanned.centAmount asc'] });
    expect(centsOf(third)).toEqual([700]);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it('pages backwards with last/before to the start', async () => {
    const last = await page({ last: 3, sort: ['amountPlanned.centAmount asc'] });
    expect(centsOf(last)).toEqual([500, 600, 700]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await page({ last: 3, before: last.pageInfo.startCursor, sort: ['amountPlanned.centAmount asc'] });
    expect(centsOf(before)).toEqual([200, 300, 400]);
    const start = await page({ last: 3, before: before.pageInfo.startCursor, sort: ['amountPlanned.centAmount asc'] });
    expect(centsOf(start)).toEqual([100]);
    expect(start.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('filters with a predicate, sorts descending and can skip the total', async () => {
    const view = await page({ where: 'amountPlanned(centAmount > 350)', sort: ['amountPlanned.centAmount desc'], withTotal: false, first: 2 });
    expect(centsOf(view)).toEqual([700, 600]);
    expect(view.totalCount).toBeNull();
    expect(view.pageInfo.hasNextPage).toBe(true);
    const upstream = stack.ct.requests.at(-1)!;
    expect(upstream.query.get('withTotal')).toBe('false');
  });

  it('answers a page of the maximum size with a correct hasNextPage', async () => {
    const view = await page({ first: 500, withTotal: false });
    expect(view.edges).toHaveLength(7);
    expect(view.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ first: 501 }, 'first'],
    [{ last: -1 }, 'last'],
    [{ first: 1, last: 1 }, 'first'],
    // Each cursor pages one way: `before` with `last`, `after` with `first`.
    [{ first: 1, before: 'any-cursor' }, 'first'],
    [{ last: 1, after: 'any-cursor' }, 'after'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ after: Buffer.from('mp1:10000').toString('base64url') }, 'after'],
  ])('refuses %o with BAD_USER_INPUT on %s before calling commercetools', async (variables, field) => {
    const before = stack.ct.requests.length;
    const res = await stack.gql(PAGE, { token, variables });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(stack.ct.requests.length).toBe(before);
  });

  it('myPaymentExists and myPayments agree that a malformed predicate is BAD_USER_INPUT on where', async () => {
    const where = 'amountPlanned(centAmount >';
    const exists = await stack.gql('query ($where: String) { myPaymentExists(where: $where) }', { token, variables: { where } });
    const listed = await stack.gql(PAGE, { token, variables: { where } });
    expect(exists.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: 'commercetools', field: 'where' });
    expect(listed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: 'commercetools' });
  });

  it('passes a bad predicate\'s error on as BAD_USER_INPUT', async () => {
    const res = await stack.gql(PAGE, { token, variables: { where: 'amountPlanned(centAmount >' } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: 'commercetools', upstreamCode: 'InvalidInput' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { CREATE, DELETE, PAGE, type PageView } from './fragments.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const draft = (centAmount: number) => ({ amountPlanned: { currencyCode: 'EUR', centAmount } });

async function page(token: string, variables: Record<string, unknown>): Promise<PageView> {
  const res = await stack.gql<{ myPayments: PageView }>(PAGE, { token, variables });
  expect(res.body.errors, res.text).toBeUndefined();
  return res.body.data!.myPayments;
}

async function create(token: string, centAmount: number): Promise<string> {
  const res = await stack.gql<{ createMyPayment: { id: string } }>(CREATE, { token, variables: { draft: draft(centAmount) } });
  expect(res.body.errors, res.text).toBeUndefined();
  return res.body.data!.createMyPayment.id;
}

async function remove(token: string, id: string): Promise<void> {
  const res = await stack.gql(DELETE, { token, variables: { id, version: 1 } });
  expect(res.body.errors, res.text).toBeUndefined();
}

describe('paging beyond the old 10,000 offset limit', () => {
  it('walks 12,000 payments forwards in pages of 500, each exactly once, with totalCount and pageInfo right', async () => {
    const { customerId, token } = await stack.ct.createCustomerToken();
    const seeded = stack.ct.seedPayments(customerId, Array.from({ length: 12_000 }, (_, i) => draft(i % 7)));
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const view: PageView = await page(token, { first: 500, after, sort: ['createdAt desc'] });
      pages++;
      expect(view.totalCount).toBe(12_000);
      expect(view.pageInfo.hasPreviousPage).toBe(pages > 1);
      seen.push(...view.nodes.map((node) => node.id));
      if (!view.pageInfo.hasNextPage) break;
      after = view.pageInfo.endCursor;
      expect(pages, 'more pages than 12,000 payments can fill').toBeLessThan(25);
    }
    expect(pages).toBe(24);
    expect(seen).toEqual([...seeded].reverse()); // newest first, every one once
  }, 120_000);

  it('walks them backwards from the end too (last without before reverses the sort)', async () => {
    const { customerId, token } = await stack.ct.createCustomerToken();
    const seeded = stack.ct.seedPayments(customerId, Array.from({ length: 12_000 }, () => draft(1)));
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    for (;;) {
      const view: PageView = await page(token, { last: 500, before, withTotal: false });
      pages++;
      expect(view.totalCount).toBeNull();
      expect(view.pageInfo.hasNextPage).toBe(pages > 1);
      seen.unshift(...view.nodes.map((node) => node.id));
      if (!view.pageInfo.hasPreviousPage) break;
      before = view.pageInfo.startCursor;
      expect(pages).toBeLessThan(25);
    }
    expect(pages).toBe(24);
    expect(seen).toEqual(seeded); // createdAt asc by default
  }, 120_000);
});

describe('payments created and deleted between pages', () => {
  it('forwards, newest first: every surviving payment exactly once', async () => {
    const { token } = await stack.ct.createCustomerToken();
    const original: string[] = [];
    for (let i = 0; i < 23; i++) original.push(await create(token, 100 + i));
    const deleted = new Set<string>();
    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 20; round++) {
      const view: PageView = await page(token, { first: 5, after, sort: ['createdAt desc'] });
      seen.push(...view.nodes.map((node) => node.id));
      if (!view.pageInfo.hasNextPage) break;
      after = view.pageInfo.endCursor;
      // Rounds alternate, so the shifts never cancel out as they would for offsets: two new payments (newest: before
      // the cursor; offsets would repeat rows), then the cursor's own row, a seen one and an unseen one deleted
      // (offsets would skip rows).
      if (round % 2 === 0) {
        await create(token, 1);
        await create(token, 2);
      } else {
        const cursorRow = view.nodes.at(-1)!.id;
        const seenRow = view.nodes[0]!.id;
        const unseen = [...original].reverse().find((id) => !seen.includes(id) && !deleted.has(id));
        for (const id of [cursorRow, seenRow, ...(unseen === undefined ? [] : [unseen])]) {
          await remove(token, id);
          deleted.add(id);
        }
      }
    }
    expect(new Set(seen).size, 'no payment twice').toBe(seen.length);
    const surviving = original.filter((id) => !deleted.has(id));
    expect(seen.filter((id) => original.includes(id) && !deleted.has(id)).sort()).toEqual(surviving.sort());
    expect(seen.filter((id) => !original.includes(id)), 'payments created behind the cursor are not reached').toEqual([]);
  });

  it('backwards: every surviving payment exactly once, pages in order', async () => {
    const { token } = await stack.ct.createCustomerToken();
    const original: string[] = [];
    for (let i = 0; i < 17; i++) original.push(await create(token, 500));
    const deleted = new Set<string>();
    const seen: string[] = [];
    let before: string | null = null;
    for (let round = 0; round < 20; round++) {
      const view: PageView = await page(token, { last: 4, before, sort: ['amountPlanned.centAmount asc', 'createdAt asc'] });
      seen.unshift(...view.nodes.map((node) => node.id));
      if (!view.pageInfo.hasPreviousPage) break;
      before = view.pageInfo.startCursor;
      // Changes ahead of the cursor, alternating so that offsets would both skip and repeat: a payment that sorts
      // first (amount 1), then the cursor's own row and an unseen one deleted.
      if (round % 2 === 0) {
        await create(token, 1);
      } else {
        const unseen = original.find((id) => !seen.includes(id) && !deleted.has(id));
        for (const id of [view.nodes[0]!.id, ...(unseen === undefined ? [] : [unseen])]) {
          await remove(token, id);
          deleted.add(id);
        }
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    const surviving = original.filter((id) => !deleted.has(id));
    expect(seen.filter((id) => original.includes(id) && !deleted.has(id))).toEqual(surviving);
  });

  it('breaks ties by id: 23 payments of one amount page without a gap', async () => {
    const { customerId, token } = await stack.ct.createCustomerToken();
    const seeded = stack.ct.seedPayments(customerId, Array.from({ length: 23 }, () => draft(700)));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const view: PageView = await page(token, { first: 4, after, sort: ['amountPlanned.centAmount desc'] });
      seen.push(...view.nodes.map((node) => node.id));
      after = view.pageInfo.hasNextPage ? view.pageInfo.endCursor : null;
    } while (after !== null);
    expect(seen).toEqual([...seeded].sort());
  });

  it('knows a previous page exists only while rows before the cursor do', async () => {
    const { token } = await stack.ct.createCustomerToken();
    const ids = [await create(token, 1), await create(token, 2), await create(token, 3)];
    const first = await page(token, { first: 1 });
    expect(first.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    await remove(token, ids[0]!);
    const second = await page(token, { first: 1, after: first.pageInfo.endCursor });
    expect(second.nodes.map((n) => n.id)).toEqual([ids[1]]);
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(second.totalCount).toBe(2);
  });
});

describe('a cursor belongs to its sort and where', () => {
  let token: string;
  let cursor: string;
  beforeAll(async () => {
    ({ token } = await stack.ct.createCustomerToken());
    for (const amount of [1, 2, 3]) await create(token, amount);
    cursor = (await page(token, { first: 1, sort: ['createdAt desc'], where: 'amountPlanned(centAmount > 0)' })).pageInfo.endCursor!;
  });

  const refused = async (variables: Record<string, unknown>, field: string, message: RegExp) => {
    const before = stack.ct.requests.length;
    const res = await stack.gql(PAGE, { token, variables });
    expect(res.body.errors?.[0]?.extensions, res.text).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(res.body.errors?.[0]?.message).toMatch(message);
    expect(stack.ct.requests.length, 'nothing sent upstream').toBe(before);
  };

  it('works with the same sort and where, forwards and backwards', async () => {
    const same = { sort: ['createdAt desc'], where: 'amountPlanned(centAmount > 0)' };
    expect((await page(token, { ...same, first: 5, after: cursor })).nodes).toHaveLength(2);
    expect((await page(token, { ...same, last: 5, before: cursor })).nodes).toHaveLength(0);
  });

  it.each([
    ['another sort', { sort: ['createdAt asc'], where: 'amountPlanned(centAmount > 0)' }],
    ['the default sort', { where: 'amountPlanned(centAmount > 0)' }],
    ['another where', { sort: ['createdAt desc'], where: 'amountPlanned(centAmount > 1)' }],
    ['no where', { sort: ['createdAt desc'] }],
  ])('is refused with %s', async (_label, variables) => {
    await refused({ ...variables, first: 1, after: cursor }, 'after', /another "sort" or "where"/);
    await refused({ ...variables, last: 1, before: cursor }, 'before', /another "sort" or "where"/);
  });

  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  it.each([
    ['an old offset cursor', b64('mp1:1')],
    ['an exponent', b64('mp1:1e3')],
    ['hex', b64('mp1:0x10')],
    ['spaces', b64('mp1: 5 ')],
    ['not base64url', 'a+b/c='],
    ['padded base64', `${'x'.repeat(3)}=`],
    ['JSON that is not an array', b64('{"a":1}')],
    ['too long', 'A'.repeat(2000)],
  ])('refuses %s as malformed', async (_label, after) => {
    await refused({ first: 1, after }, 'after', /not a cursor this API issued/);
  });

  it('refuses a cursor re-encoded with other spacing, or with a value that is not of its field\'s kind', async () => {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[];
    const vars = { sort: ['createdAt desc'], where: 'amountPlanned(centAmount > 0)', first: 1 };
    await refused({ ...vars, after: b64(JSON.stringify(parsed, null, 1)) }, 'after', /not a cursor/);
    await refused({ ...vars, after: b64(JSON.stringify([parsed[0], parsed[1], 'yesterday', parsed[3]])) }, 'after', /not a cursor/);
    await refused({ ...vars, after: b64(JSON.stringify([parsed[0], parsed[1], parsed[2], '../x'])) }, 'after', /not a cursor/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { firstError, page, useCommercetoolsEmulator, type Payment } from './commercetoolsHttp.ts';

/** The predicates keyset paging sends: comparisons on sort fields with `var.*` values, `and`/`or`/`not`, nested fields. */
const { env, call } = useCommercetoolsEmulator();

describe('keyset predicates in the commercetools emulator', () => {
  let token: string;
  let all: Payment[];

  beforeAll(async () => {
    let customerId: string;
    ({ token, customerId } = await env.ct.createCustomerToken());
    // Equal amounts on purpose: only the id can order them.
    const amounts = [300, 100, 200, 100, 300, 100, 200, 9007199254740993];
    env.ct.seedPayments(customerId, amounts.map((centAmount) => ({ amountPlanned: { currencyCode: 'EUR', centAmount } })));
    all = page(await call('GET', '?limit=500', token)).results;
    expect(all).toHaveLength(amounts.length);
  });

  const query = async (params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) for (const v of [value].flat()) search.append(name, v);
    const reply = await call('GET', `?${search}&limit=500`, token);
    expect(reply.status, reply.text).toBe(200);
    return page(reply).results.map((p) => p.id);
  };
  const cents = (p: Payment) => BigInt(String((p['amountPlanned'] as { centAmount: number | string }).centAmount));
  const byAmountThenId = (a: Payment, b: Payment) => (cents(a) === cents(b) ? (a.id < b.id ? -1 : 1) : cents(a) < cents(b) ? -1 : 1);

  it('returns exactly the rows after a position in (centAmount asc, id asc), for every position', async () => {
    const ordered = [...all].sort(byAmountThenId);
    for (const [index, row] of ordered.entries()) {
      const ids = await query({
        where: '(amountPlanned(centAmount > :a)) or (amountPlanned(centAmount = :a) and id > :b)',
        'var.a': String(cents(row)),
        'var.b': row.id,
        sort: ['amountPlanned.centAmount asc', 'id asc'],
      });
      expect(ids).toEqual(ordered.slice(index + 1).map((p) => p.id));
    }
  });

  it('descending keys use <, and not (…) gives the rows at or before the position', async () => {
    const ordered = [...all].sort((a, b) => byAmountThenId(b, a)); // centAmount desc, id desc
    const row = ordered[3]!;
    const after = '(amountPlanned(centAmount < :a)) or (amountPlanned(centAmount = :a) and id < :b)';
    const vars = { 'var.a': String(cents(row)), 'var.b': row.id };
    expect(await query({ where: after, ...vars, sort: ['amountPlanned.centAmount desc', 'id desc'] })).toEqual(ordered.slice(4).map((p) => p.id));
    expect(await query({ where: `not (${after})`, ...vars, sort: ['amountPlanned.centAmount desc', 'id desc'] })).toEqual(ordered.slice(0, 4).map((p) => p.id));
  });

  it('ANDs the keyset with the caller\'s own where', async () => {
    const ordered = [...all].sort(byAmountThenId).filter((p) => cents(p) === 100n);
    const ids = await query({
      where: ['amountPlanned(centAmount = 100)', '(amountPlanned(centAmount > :a)) or (amountPlanned(centAmount = :a) and id > :b)'],
      'var.a': '100',
      'var.b': ordered[0]!.id,
      sort: 'amountPlanned.centAmount asc',
    });
    expect(ids.sort()).toEqual(ordered.slice(1).map((p) => p.id).sort());
  });

  it('compares date-times as instants, from literals and from input variables', async () => {
    const oldest = [...all].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))[0]!;
    const wholeSecond = `${oldest.createdAt.slice(0, 19)}Z`; // at or before the instant, never after it
    const offset = new Date(Date.parse(oldest.createdAt)).toISOString().replace('Z', '+00:00');
    expect(await query({ where: `createdAt >= "${wholeSecond}"` })).toHaveLength(all.length);
    expect(await query({ where: 'createdAt = :t', 'var.t': offset })).toEqual([oldest.id]);
    expect(await query({ where: '(createdAt > :t) or (createdAt = :t and id > :i)', 'var.t': oldest.createdAt, 'var.i': oldest.id, sort: 'createdAt asc' }))
      .toHaveLength(all.length - 1);
  });

  it('refuses a date-time that is not one, and a variable that is not a number for centAmount', async () => {
    for (const [where, vars] of [['createdAt > "yesterday"', ''], ['createdAt > :t', '&var.t=soon'], ['amountPlanned(centAmount > :a)', '&var.a=ten']] as const) {
      const error = firstError(await call('GET', `?where=${encodeURIComponent(where)}${vars}`, token), 400);
      expect(error['code'], where).toBe('InvalidInput');
    }
  });
});

import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { QueryResolvers } from '../../generated/graphql.ts';
import type { GatewayContext } from '../../context.ts';
import type { CtMyPayment, CtQueryParams } from '../../upstreams/commercetools/types.ts';
import { MAX_PAGE_SIZE, pageWindow, type MyPaymentPage } from './connection.ts';

export const myPayment: NonNullable<QueryResolvers['myPayment']> = (_parent, { id }, { commercetools }) =>
  id === '' ? null : commercetools.loaders.paymentById.load(id);

export const myPaymentExists: NonNullable<QueryResolvers['myPaymentExists']> = (_parent, { id, where }, { commercetools }) => {
  if ((id == null) === (where == null)) throw new BadUserInputError('Give exactly one of "id" or "where".', id == null ? 'id' : 'where');
  return id != null ? commercetools.client.existsById(commercetools.caller, id) : commercetools.client.existsWhere(commercetools.caller, where!);
};

export const myPayments: NonNullable<QueryResolvers['myPayments']> = async (_parent, args, context) => {
  const window = pageWindow(args);
  const base = { where: args.where != null ? [args.where] : [], sort: args.sort ?? [], withTotal: args.withTotal !== false };
  const { client, caller } = context.commercetools;

  let offset = window.offset;
  if (offset === undefined) {
    // `last` without `before`: the window ends at the total, which a limit-0 query returns cheaply.
    const total = (await client.query(caller, { ...base, limit: 0, offset: 0, withTotal: true })).total ?? 0;
    offset = Math.max(0, total - window.limit);
    return fetchPage(context, { ...base, offset, limit: total - offset }, { lookAhead: false, hasNextPage: false });
  }
  if (window.direction === 'backward') return fetchPage(context, { ...base, offset, limit: window.limit }, { lookAhead: false, hasNextPage: true });
  return fetchPage(context, { ...base, offset, limit: window.limit }, { lookAhead: true, hasNextPage: false });
};

/**
 * One upstream call per page. Forwards, one extra payment is asked for to learn whether a next page exists
 * (or the total is used when the page is already the 500 maximum).
 */
async function fetchPage(
  { commercetools }: GatewayContext,
  params: CtQueryParams,
  options: { lookAhead: boolean; hasNextPage: boolean },
): Promise<MyPaymentPage> {
  const extra = options.lookAhead && params.limit < MAX_PAGE_SIZE ? 1 : 0;
  const needTotal = params.withTotal || (options.lookAhead && extra === 0);
  const response = await commercetools.client.query(commercetools.caller, { ...params, limit: params.limit + extra, withTotal: needTotal });
  const payments = response.results.slice(0, params.limit);
  prime(commercetools.loaders.paymentById, payments);
  const total = response.total ?? null;
  const hasNextPage = options.lookAhead
    ? extra === 1
      ? response.results.length > params.limit
      : total !== null && params.offset + payments.length < total
    : options.hasNextPage;
  return {
    payments,
    startOffset: params.offset,
    total: params.withTotal ? total : null,
    hasNextPage,
    hasPreviousPage: params.offset > 0,
  };
}

function prime(loader: GatewayContext['commercetools']['loaders']['paymentById'], payments: CtMyPayment[]): void {
  for (const payment of payments) loader.prime(payment.id, payment);
}

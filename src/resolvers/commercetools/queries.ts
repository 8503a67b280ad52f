import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { QueryResolvers } from '../../generated/graphql.ts';
import type { GatewayContext } from '../../context.ts';
import type { CtMyPayment } from '../../upstreams/commercetools/types.ts';
import { checkId, checkWhere } from '../../validation/commercetoolsInput.ts';
import { MAX_PAGE_SIZE, pageRequest, type MyPaymentPage } from './connection.ts';
import { cursorScope, decodeCursor } from './cursor.ts';
import { afterPosition, notAfterPosition } from './keyset.ts';
import { parseSortOrder, reversed, sortParams } from './sortOrder.ts';

/** A malformed id is the caller's mistake, not a missing payment: BAD_USER_INPUT rather than null. */
export const myPayment: NonNullable<QueryResolvers['myPayment']> = (_parent, { id }, { commercetools }) =>
  commercetools.loaders.paymentById.load(checkId(id, 'id'));

/**
 * `by: { id }` or `by: { where }` (`@oneOf`, so GraphQL itself refuses both or neither); the older `id` and `where`
 * arguments still work, one at a time, and never together with `by`.
 */
export const myPaymentExists: NonNullable<QueryResolvers['myPaymentExists']> = (_parent, args, { commercetools }) => {
  const given = [args.by, args.id, args.where].filter((value) => value != null).length;
  if (given !== 1) throw new BadUserInputError('Give exactly one of "by: { id }" or "by: { where }".', 'by');
  const id = args.by?.id ?? args.id;
  const where = args.by?.where ?? args.where;
  const { client, caller } = commercetools;
  if (id != null) return client.existsById(caller, checkId(id, args.by ? 'by.id' : 'id'));
  return client.exists(caller, { where: [checkWhere(where!, args.by ? 'by.where' : 'where')] });
};

/**
 * Keyset paging: a cursor holds its row's sort values and id, and the next page is the rows "after" it,
 * so payments created or deleted between pages never make another row repeat or go missing, at any depth.
 * `last` pages run the reversed order and are turned back.
 */
export const myPayments: NonNullable<QueryResolvers['myPayments']> = async (_parent, args, context) => {
  const request = pageRequest(args);
  const where = args.where != null ? checkWhere(args.where) : undefined;
  const keys = parseSortOrder(args.sort ?? []);
  const scope = cursorScope(keys, where);
  const position = request.cursor === undefined ? undefined : decodeCursor(request.cursor, scope, request.direction === 'forward' ? 'after' : 'before');
  const fetchKeys = request.direction === 'forward' ? keys : reversed(keys);
  const { client, caller, loaders } = context.commercetools;
  const own = where === undefined ? [] : [where];
  const withTotal = args.withTotal !== false;

  // One more row than asked tells whether more follow; at 500 (the upstream maximum) the total after the cursor does.
  const extra = request.size < MAX_PAGE_SIZE ? 1 : 0;
  const keyset = position && afterPosition(fetchKeys, position);
  const pageCall = client.query(caller, {
    where: keyset ? [...own, keyset.where] : own,
    vars: keyset?.vars,
    sort: sortParams(fetchKeys),
    limit: request.size + extra,
    offset: 0,
    withTotal: extra === 0 || (withTotal && !keyset),
  });
  // Rows at or before the cursor exist: the page has something behind it (asked at once, pageInfo is nearly always read).
  const behind = position && notAfterPosition(fetchKeys, position);
  const behindCall = behind ? client.exists(caller, { where: [...own, behind.where], vars: behind.vars }) : Promise.resolve(false);
  const [response, anyBehind] = await Promise.all([pageCall, behindCall]);

  const rows = response.results.slice(0, request.size);
  prime(loaders.paymentById, rows);
  const anyAhead = extra === 1 ? response.results.length > request.size : (response.total ?? 0) > rows.length;
  const forward = request.direction === 'forward';
  const firstPageTotal = keyset ? undefined : response.total ?? null;
  return {
    payments: forward ? rows : rows.reverse(),
    scope,
    hasNextPage: forward ? anyAhead : anyBehind,
    hasPreviousPage: forward ? anyBehind : anyAhead,
    total: once(async () => {
      if (!withTotal) return null;
      if (firstPageTotal !== undefined && firstPageTotal !== null) return firstPageTotal;
      const counted = await client.query(caller, { where: own, limit: 0, offset: 0, withTotal: true });
      return counted.total ?? null;
    }),
  } satisfies MyPaymentPage;
};

function prime(loader: GatewayContext['commercetools']['loaders']['paymentById'], payments: CtMyPayment[]): void {
  for (const payment of payments) loader.prime(payment.id, payment);
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= make());
}

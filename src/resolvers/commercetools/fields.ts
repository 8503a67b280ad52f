import type { MyPaymentConnectionResolvers, PaymentMethodInfoResolvers } from '../../generated/graphql.ts';
import { encodeCursor, positionOf } from './cursor.ts';

export const PaymentMethodInfo: PaymentMethodInfoResolvers = {
  name: (info, { locale }) => info.name?.[locale] ?? null,
  nameAllLocales: (info) => (info.name ? Object.entries(info.name).map(([locale, value]) => ({ locale, value })) : null),
};

export const MyPaymentConnection: MyPaymentConnectionResolvers = {
  edges: (page) => page.payments.map((node) => ({ node, cursor: encodeCursor(page.scope, positionOf(page.scope, node)) })),
  nodes: (page) => page.payments,
  totalCount: async (page) => {
    const total = await page.total();
    return total === null ? null : BigInt(total);
  },
  pageInfo: (page) => {
    const first = page.payments[0];
    const last = page.payments.at(-1);
    return {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: first ? encodeCursor(page.scope, positionOf(page.scope, first)) : null,
      endCursor: last ? encodeCursor(page.scope, positionOf(page.scope, last)) : null,
    };
  },
};

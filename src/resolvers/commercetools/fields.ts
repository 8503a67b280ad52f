import type { MyPaymentConnectionResolvers, PaymentMethodInfoResolvers } from '../../generated/graphql.ts';
import { encodeCursor } from './connection.ts';

export const PaymentMethodInfo: PaymentMethodInfoResolvers = {
  name: (info, { locale }) => info.name?.[locale] ?? null,
  nameAllLocales: (info) => (info.name ? Object.entries(info.name).map(([locale, value]) => ({ locale, value })) : null),
};

export const MyPaymentConnection: MyPaymentConnectionResolvers = {
  edges: (page) => page.payments.map((node, index) => ({ node, cursor: encodeCursor(page.startOffset + index) })),
  nodes: (page) => page.payments,
  totalCount: (page) => (page.total === null ? null : BigInt(page.total)),
  pageInfo: (page) => ({
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.payments.length > 0 ? encodeCursor(page.startOffset) : null,
    endCursor: page.payments.length > 0 ? encodeCursor(page.startOffset + page.payments.length - 1) : null,
  }),
};

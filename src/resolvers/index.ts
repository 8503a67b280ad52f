import type { Resolvers } from '../generated/graphql.ts';
import { CurrencyScalar, DateTimeScalar, DecimalScalar, JsonScalar, LocaleScalar, LongScalar } from '../scalars/index.ts';
import { myPaymentResolvers } from './commercetools/index.ts';
import { orderPaymentResolvers } from './occ/index.ts';

export const resolvers: Resolvers = {
  Long: LongScalar,
  DateTime: DateTimeScalar,
  Currency: CurrencyScalar,
  Locale: LocaleScalar,
  Json: JsonScalar,
  Decimal: DecimalScalar,
  ...myPaymentResolvers,
  Query: { ...myPaymentResolvers.Query },
  Mutation: { ...myPaymentResolvers.Mutation, ...orderPaymentResolvers.Mutation },
};

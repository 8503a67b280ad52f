import { MyPaymentConnection, PaymentMethodInfo } from './fields.ts';
import { createMyPayment, deleteMyPayment, updateMyPayment } from './mutations.ts';
import { myPayment, myPaymentExists, myPayments } from './queries.ts';

export const myPaymentResolvers = {
  Query: { myPayment, myPayments, myPaymentExists },
  Mutation: { createMyPayment, updateMyPayment, deleteMyPayment },
  PaymentMethodInfo,
  MyPaymentConnection,
};

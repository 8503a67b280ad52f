import { addOrderPayments } from './mutations.ts';

export const orderPaymentResolvers = {
  Mutation: { addOrderPayments },
};

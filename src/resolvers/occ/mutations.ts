import type { MutationResolvers } from '../../generated/graphql.ts';
import { toOccAddPaymentsRequest } from '../../mappers/occ/request.ts';
import { toAddOrderPaymentsPayload } from '../../mappers/occ/response.ts';
import { validateAddOrderPaymentsInput } from '../../validation/orderPayments.ts';

export const addOrderPayments: NonNullable<MutationResolvers['addOrderPayments']> = async (_parent, { input }, { occ, now }) => {
  validateAddOrderPaymentsInput(input, now());
  const response = await occ.client.addPayments(occ.caller, toOccAddPaymentsRequest(input));
  return toAddOrderPaymentsPayload(response);
};

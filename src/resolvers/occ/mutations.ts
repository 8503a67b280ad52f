import type { MutationAddOrderPaymentsArgs, MutationResolvers } from '../../generated/graphql.ts';
import { withIdempotency } from '../../idempotency/withIdempotency.ts';
import { toOccAddPaymentsRequest } from '../../mappers/occ/request.ts';
import { toAddOrderPaymentsPayload } from '../../mappers/occ/response.ts';
import { validateAddOrderPaymentsInput } from '../../validation/orderPayments.ts';

export const addOrderPayments = withIdempotency<MutationAddOrderPaymentsArgs, ReturnType<typeof toAddOrderPaymentsPayload>>(
  {
    name: 'addOrderPayments',
    upstream: 'occ',
    // An agent's key is scoped to the order it pays, as well as to the agent.
    callerIdentity: ({ input }, { occ }) => (occ.caller.authorization === undefined ? undefined : `${occ.caller.authorization}\u0000${input.orderId}`),
  },
  async (_parent, { input }, { occ }) => {
    validateAddOrderPaymentsInput(input);
    const response = await occ.client.addPayments(occ.caller, toOccAddPaymentsRequest(input));
    return toAddOrderPaymentsPayload(response);
  },
) satisfies NonNullable<MutationResolvers['addOrderPayments']>;

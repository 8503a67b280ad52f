import type { MutationAddOrderPaymentsArgs, MutationResolvers } from '../../generated/graphql.ts';
import { withIdempotency } from '../../idempotency/withIdempotency.ts';
import { toOccAddPaymentsRequest } from '../../mappers/occ/request.ts';
import { toAddOrderPaymentsPayload } from '../../mappers/occ/response.ts';
import { validateAddOrderPaymentsInput } from '../../validation/orderPayments.ts';
import { ErrorCode, GatewayError } from '../../errors/gatewayError.ts';
import { rateLimitedError } from '../../rateLimits/refusal.ts';

/** What a card tester produces, as Oracle Commerce decided it (with a token it accepted): declines, refused card details. */
function isFailedCardAttempt(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === ErrorCode.PAYMENT_DECLINED || error.code === ErrorCode.PAYMENT_PROCESSING_ERROR) return true;
  return error.code === ErrorCode.BAD_USER_INPUT && error.extensions.upstream === 'occ';
}

/** Card details the gateway refused itself: they count against the caller only (its token is not yet checked). */
function isRefusedCard(error: unknown): boolean {
  if (!(error instanceof GatewayError) || error.code !== ErrorCode.BAD_USER_INPUT || error.extensions.upstream !== undefined) return false;
  const field = error.extensions.field;
  return typeof field === 'string' && /\.(card|giftCard)(\.|$)/.test(field);
}

export const addOrderPayments = withIdempotency<MutationAddOrderPaymentsArgs, ReturnType<typeof toAddOrderPaymentsPayload>>(
  {
    name: 'addOrderPayments',
    upstream: 'occ',
    // An agent's key is scoped to the order it pays, as well as to the agent (its token: OCC's are opaque).
    keyScope: ({ input }, { occ }) => (occ.caller.authorization === undefined ? undefined : `${occ.caller.authorization}\u0000${input.orderId}`),
    // Tokens last about 15 minutes: a retry after a refresh is another caller, which the order's mark refuses.
    sharedScope: ({ input }) => `order:${input.orderId}`,
  },
  async (_parent, { input }, { occ, now, rateLimits, response: marks }) => {
    const pay = async () => {
      validateAddOrderPaymentsInput(input, now());
      return toAddOrderPaymentsPayload(await occ.client.addPayments(occ.caller, toOccAddPaymentsRequest(input)));
    };
    // Without an agent token nothing can reach OCC: the client refuses it (UNAUTHENTICATED) after validation.
    if (occ.caller.authorization === undefined) return pay();
    // Card testing: a failed-attempt point is reserved first (atomic across instances), and given back unless the card failed.
    const attempt = await rateLimits.cardAttempt(input.orderId, occ.caller.authorization);
    if (!('refund' in attempt)) throw rateLimitedError(attempt, marks);
    // The point goes back without waiting for the store's answer: the write leaves before the client's answer, and
    // the store applies writes in order, so the caller's next attempt already finds it returned.
    try {
      const payload = await pay();
      void attempt.refund();
      return payload;
    } catch (error) {
      if (isRefusedCard(error)) void attempt.refundOrder();
      else if (!isFailedCardAttempt(error)) void attempt.refund();
      throw error;
    }
  },
) satisfies NonNullable<MutationResolvers['addOrderPayments']>;

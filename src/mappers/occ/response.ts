import { isLosslessNumber, isSafeNumber } from 'lossless-json';
import type { AddOrderPaymentsPayload, OrderPaymentMethodType, OrderPaymentResult } from '../../generated/graphql.ts';
import { maskCardNumber } from '../../observability/redact.ts';
import type { OccAddPaymentsResponse, OccPaymentResponse } from '../../upstreams/occ/types.ts';
import { fromOccAmount } from './amounts.ts';
import { OCC_METHOD_TYPES } from './request.ts';

const METHOD_TYPE_OF_OCC = new Map<string, OrderPaymentMethodType>(
  Object.entries(OCC_METHOD_TYPES).map(([graphql, occ]) => [occ, graphql as OrderPaymentMethodType]),
);

/** OCC's answer → the GraphQL payload. OCC's `links` name upstream URLs and are dropped. */
export function toAddOrderPaymentsPayload(response: OccAddPaymentsResponse): AddOrderPaymentsPayload {
  return {
    orderId: text(response.orderId) ?? '',
    profileId: text(response.profileId),
    amountRemaining: fromOccAmount(response.amountRemaining),
    customPaymentProperties: plainJson(response.customPaymentProperties) ?? null,
    paymentResponses: response.paymentResponses.map(toOrderPaymentResult),
  };
}

export function toOrderPaymentResult(payment: OccPaymentResponse): OrderPaymentResult {
  const type = text(payment.type);
  return {
    paymentGroupId: text(payment.paymentGroupId),
    amount: fromOccAmount(payment.amount),
    type,
    paymentMethodType: (type !== null ? METHOD_TYPE_OF_OCC.get(type) : undefined) ?? null,
    paymentMethod: text(payment.paymentMethod),
    paymentState: text(payment.paymentState),
    gatewayName: text(payment.gatewayName),
    uiIntervention: text(payment.uiIntervention),
    redirectUrl: text(payment.REDIRECT),
    transactionState: text(payment.transaction_state),
    maskedCardNumber: masked(payment.maskedCardNumber),
    giftCardNumber: masked(payment.giftCardNumber),
    balance: fromOccAmount(payment.balance),
    message: text(payment.message),
    customPaymentProperties: plainJson(payment.customPaymentProperties) ?? null,
    paypalPaymentId: text(payment.id),
    intent: text(payment.intent),
    accountId: text(payment.accountId),
    merchantId: text(payment.merchantId),
    payUPaymentId: text(payment.paymentId),
    signature: text(payment.signature),
    signatureAlgorithm: text(payment.signatureAlgorithm),
    transactionStatusByQuery: text(payment.transactionStatusByQuery),
    responseUrl: text(payment.responseUrl),
    confirmationUrl: text(payment.confirmationUrl),
    sopUrl: text(payment.sopUrl),
  };
}

/**
 * Passes an upstream mask on only if it shows at most the last four digits, or the first six and last four of
 * a full-length number; anything else (an unmasked number included) is masked here.
 */
export function masked(value: unknown): string | null {
  const number = text(value);
  if (number === null) return null;
  const lastFourOnly = /^[^0-9]+\d{0,4}$/.test(number);
  const firstSixLastFour = /^\d{6}[^0-9]{2,}\d{4}$/.test(number) && number.length >= 12;
  return lastFourOnly || firstSixLastFour ? number : maskCardNumber(number);
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return isLosslessNumber(value) ? value.toString() : null;
}

/** Json fields: lossless numbers become plain numbers, or digit strings where a double would round them. */
function plainJson(value: unknown): unknown {
  if (isLosslessNumber(value)) return isSafeNumber(value.toString()) ? Number(value.toString()) : value.toString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainJson(item)]));
  return value;
}

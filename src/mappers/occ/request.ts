import { OrderPaymentMethodType, OrderPaymentOperation, type AddOrderPaymentsInput, type BillingAddressInput, type OrderPaymentInput } from '../../generated/graphql.ts';
import type { OccAddPaymentsRequest, OccBillingAddress, OccOperation, OccPaymentMethodType, OccPaymentRequest } from '../../upstreams/occ/types.ts';
import { toOccAmount } from './amounts.ts';

export const OCC_METHOD_TYPES: Record<OrderPaymentMethodType, OccPaymentMethodType> = {
  [OrderPaymentMethodType.CARD]: 'card',
  [OrderPaymentMethodType.PHYSICAL_GIFT_CARD]: 'physicalGiftCard',
  [OrderPaymentMethodType.INVOICE]: 'invoice',
  [OrderPaymentMethodType.CASH]: 'cash',
  [OrderPaymentMethodType.PAYPAL_CHECKOUT]: 'paypalCheckout',
  [OrderPaymentMethodType.PAYU_LATAM_WEBCHECKOUT]: 'payULatamWebcheckout',
};

const OCC_OPERATIONS: Record<OrderPaymentOperation, OccOperation> = {
  [OrderPaymentOperation.INQUIRE_BALANCE]: 'inquireBalance',
  [OrderPaymentOperation.INITIATE]: 'initiate',
};

/** GraphQL input (already validated) → OCC's flat request. */
export function toOccAddPaymentsRequest(input: AddOrderPaymentsInput): OccAddPaymentsRequest {
  return compact({
    orderId: input.orderId,
    profileId: input.profileId ?? undefined,
    op: input.operation ? OCC_OPERATIONS[input.operation] : undefined,
    payments: input.payments.map((payment, index) => toOccPayment(payment, `input.payments[${index}]`)),
  });
}

function toOccPayment(payment: OrderPaymentInput, path: string): OccPaymentRequest {
  const { card, giftCard, invoice, paypal, payU } = payment;
  return compact({
    paymentMethodType: OCC_METHOD_TYPES[payment.paymentMethodType],
    amount: toOccAmount(payment.amount, `${path}.amount`),
    billingAddress: payment.billingAddress ? toOccBillingAddress(payment.billingAddress) : undefined,
    customProperties: payment.customProperties ?? undefined,
    cardNumber: card?.number,
    cardCVV: card?.cvv,
    cardType: card?.type ?? undefined,
    nameOnCard: card?.nameOnCard ?? undefined,
    expiryMonth: card?.expiryMonth,
    expiryYear: card?.expiryYear,
    giftCardNumber: giftCard?.number,
    giftCardPin: giftCard?.pin,
    PONumber: invoice?.poNumber,
    paymentId: paypal?.paymentId ?? undefined,
    PayerID: paypal?.payerId ?? undefined,
    token: paypal?.token ?? undefined,
    paymentGroupId: paypal?.paymentGroupId ?? payU?.paymentGroupId ?? undefined,
  });
}

function toOccBillingAddress(address: BillingAddressInput): OccBillingAddress {
  const { stateIsoCode, ...rest } = address;
  const optional = Object.fromEntries(Object.entries(rest).filter(([, value]) => value != null)) as Omit<OccBillingAddress, 'state_ISOCode'>;
  return { ...optional, state_ISOCode: stateIsoCode };
}

/** Leaves out absent fields rather than sending nulls OCC did not ask for. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

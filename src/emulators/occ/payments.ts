import { invalidInput, OCC_ERROR_CODES, OccEmulatorError } from './errors.ts';
import { centsToJsonNumber, parseAmountCents } from './money.ts';
import { inquireGiftCardBalance, planPayment, type PaymentScope, type PlannedPayment } from './paymentMethods.ts';
import { isObject, type JsonObject, type OccEmulatorGiftCard, type OccEmulatorOrder } from './types.ts';

export interface OccEmulatorState {
  orders: Map<string, OccEmulatorOrder>;
  giftCards: Map<string, OccEmulatorGiftCard>;
  nextGroupId(): string;
}

const OPERATIONS = new Set(['inquireBalance', 'initiate']);

/** `POST /ccagent/v1/payment`: checks every payment first, then applies all of them or none. */
export function addPayments(body: unknown, state: OccEmulatorState, selfUrl: string): JsonObject {
  if (!isObject(body)) throw invalidInput('The request body must be a JSON object.');
  const { orderId, profileId, op, payments } = body;
  if (typeof orderId !== 'string' || orderId === '') throw invalidInput('orderId is required.', 'orderId');
  if (op !== undefined && (typeof op !== 'string' || !OPERATIONS.has(op))) throw invalidInput('op must be inquireBalance or initiate.', 'op');
  if (!Array.isArray(payments) || payments.length === 0) throw invalidInput('payments must list at least one payment.', 'payments');
  const order = state.orders.get(orderId);
  if (order === undefined) throw new OccEmulatorError(404, OCC_ERROR_CODES.notFound, `No order with ID ${orderId} was found.`, [], 'orderId');
  if (profileId !== undefined && profileId !== order.profileId) {
    throw new OccEmulatorError(403, OCC_ERROR_CODES.forbidden, 'The order does not belong to this profile.', [], 'profileId');
  }

  const scope: PaymentScope = { order, op, giftCards: state.giftCards, reservedGiftCardCents: new Map(), nextGroupId: state.nextGroupId };
  const items = payments.map((payment, index) => {
    const path = `payments[${index}]`;
    if (!isObject(payment)) throw invalidInput('Each payment must be an object.', path);
    return { payment, path };
  });

  if (op === 'inquireBalance') {
    const paymentResponses = items.map(({ payment, path }) => inquireGiftCardBalance(payment, path, scope));
    return response(order, paymentResponses, {}, selfUrl);
  }

  const planned = items.map(({ payment, path }) => planPayment(payment, parseAmountCents(payment.amount, `${path}.amount`), path, scope));
  checkAmounts(order, planned);
  for (const payment of planned) apply(order, payment);

  const customPaymentProperties: JsonObject = {};
  planned.forEach((payment, index) => {
    const custom = items[index]?.payment.customProperties;
    if (isObject(custom)) {
      payment.response.customPaymentProperties = custom;
      Object.assign(customPaymentProperties, custom);
    }
  });
  return response(order, planned.map((payment) => payment.response), customPaymentProperties, selfUrl);
}

export function amountRemainingCents(order: OccEmulatorOrder): bigint {
  const paid = order.paymentGroups.filter((group) => group.paymentState === 'AUTHORIZED').reduce((sum, group) => sum + group.amountCents, 0n);
  return order.totalCents - paid;
}

/** Authorised payments may not pay more than is left; a pending (INITIAL) one may not ask for more than is left. */
function checkAmounts(order: OccEmulatorOrder, planned: PlannedPayment[]): void {
  const remaining = amountRemainingCents(order);
  const authorised = planned.filter((payment) => payment.group.paymentState === 'AUTHORIZED').reduce((sum, payment) => sum + payment.group.amountCents, 0n);
  const tooLarge = authorised > remaining || planned.some((payment) => payment.group.amountCents > remaining);
  if (tooLarge) throw invalidInput(`The payments exceed the amount remaining on the order (${centsToJsonNumber(remaining)} ${order.currencyCode}).`, 'payments');
}

function apply(order: OccEmulatorOrder, payment: PlannedPayment): void {
  if (payment.giftCard !== undefined) payment.giftCard.balanceCents -= payment.group.amountCents;
  if (payment.isNewGroup) {
    order.paymentGroups.push(payment.group);
    return;
  }
  const index = order.paymentGroups.findIndex((group) => group.id === payment.group.id);
  order.paymentGroups[index] = payment.group;
}

function response(order: OccEmulatorOrder, paymentResponses: JsonObject[], customPaymentProperties: JsonObject, selfUrl: string): JsonObject {
  return {
    customPaymentProperties,
    orderId: order.id,
    profileId: order.profileId,
    amountRemaining: centsToJsonNumber(amountRemainingCents(order)),
    links: [{ rel: 'self', href: selfUrl }],
    paymentResponses,
  };
}

/** `GET /ccagent/v1/orders/{id}`: the order with its payment groups, price info and profile. */
export function orderView(order: OccEmulatorOrder): JsonObject {
  return {
    id: order.id,
    profileId: order.profileId,
    priceInfo: { total: centsToJsonNumber(order.totalCents), currencyCode: order.currencyCode },
    amountRemaining: centsToJsonNumber(amountRemainingCents(order)),
    paymentGroups: order.paymentGroups.map((group) => ({
      id: group.id,
      type: group.type,
      paymentMethod: group.paymentMethod,
      state: group.paymentState,
      amount: centsToJsonNumber(group.amountCents),
      ...(group.maskedCardNumber === undefined ? {} : { maskedCardNumber: group.maskedCardNumber }),
    })),
    profile: { id: order.profileId },
  };
}

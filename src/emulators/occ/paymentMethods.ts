import { createHash, randomBytes } from 'node:crypto';
import { isLosslessNumber } from 'lossless-json';
import { maskLikeOcc, passesLuhn, TEST_CARD_ERROR_CODES } from './cards.ts';
import { invalidInput, OCC_ERROR_CODES, paymentError } from './errors.ts';
import { centsToJsonNumber } from './money.ts';
import type { JsonObject, OccEmulatorGiftCard, OccEmulatorOrder, OccEmulatorPaymentGroup } from './types.ts';

export interface PaymentScope {
  order: OccEmulatorOrder;
  op: string | undefined;
  giftCards: Map<string, OccEmulatorGiftCard>;
  /** Gift card cents already taken by earlier payments of the same call. */
  reservedGiftCardCents: Map<OccEmulatorGiftCard, bigint>;
  nextGroupId(): string;
}

/** One payment of a call, checked but not yet applied: a call applies all of its payments or none. */
export interface PlannedPayment {
  group: OccEmulatorPaymentGroup;
  isNewGroup: boolean;
  response: JsonObject;
  giftCard?: OccEmulatorGiftCard;
}

export function planPayment(payment: JsonObject, cents: bigint, path: string, scope: PaymentScope): PlannedPayment {
  switch (payment.paymentMethodType) {
    case 'card':
      return planCard(payment, cents, path, scope);
    case 'physicalGiftCard':
      return planGiftCard(payment, cents, path, scope);
    case 'invoice':
      requiredString(payment, 'PONumber', path);
      return newGroup(scope, cents, 'AUTHORIZED', { type: 'invoice', paymentMethod: 'invoiceRequest', gatewayName: 'demoInvoiceGateway' });
    case 'cash':
      if (scope.op !== 'initiate') throw invalidInput('Cash payments are started with op "initiate".', 'op');
      return newGroup(scope, cents, 'AUTHORIZED', { type: 'cash', paymentMethod: 'cash', gatewayName: 'demoCashGateway' });
    case 'paypalCheckout':
      return payment.paymentGroupId === undefined ? initiatePaypal(cents, scope) : completeInitial(payment, cents, path, scope, 'paypalCheckout');
    case 'payULatamWebcheckout':
      return payment.paymentGroupId === undefined ? initiatePayU(cents, scope) : completeInitial(payment, cents, path, scope, 'payULatamWebcheckout');
    default:
      throw invalidInput('paymentMethodType must be one of payULatamWebcheckout, paypalCheckout, card, invoice, physicalGiftCard, cash.', `${path}.paymentMethodType`);
  }
}

/** `op: inquireBalance`: a gift card's balance, nothing charged. */
export function inquireGiftCardBalance(payment: JsonObject, path: string, scope: PaymentScope): JsonObject {
  if (payment.paymentMethodType !== 'physicalGiftCard') throw invalidInput('inquireBalance applies to physicalGiftCard payments only.', `${path}.paymentMethodType`);
  const { number, card } = giftCardOf(payment, path, scope);
  return { type: 'physicalGiftCard', paymentMethod: 'physicalGiftCard', balance: centsToJsonNumber(card.balanceCents), maskedCardNumber: maskLikeOcc(number) };
}

function planCard(payment: JsonObject, cents: bigint, path: string, scope: PaymentScope): PlannedPayment {
  const number = requiredString(payment, 'cardNumber', path);
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) throw invalidInput('The card number is not valid.', `${path}.cardNumber`);
  if (!/^\d{3,4}$/.test(requiredString(payment, 'cardCVV', path))) throw invalidInput('The card security code is not valid.', `${path}.cardCVV`);
  const month = integerField(payment, 'expiryMonth', path);
  if (month < 1 || month > 12) throw invalidInput('expiryMonth must be 1 to 12.', `${path}.expiryMonth`);
  if (!/^\d{4}$/.test(String(integerField(payment, 'expiryYear', path)))) throw invalidInput('expiryYear must have four digits.', `${path}.expiryYear`);
  // No check against today: the reference's own example pays with a card that expired in 3/2019.
  const testCode = TEST_CARD_ERROR_CODES[number];
  if (testCode !== undefined) throw paymentError(testCode, `The payment gateway answered ${testCode} for this card.`, path);
  return newGroup(scope, cents, 'AUTHORIZED', { type: 'card', paymentMethod: 'creditCard', gatewayName: 'demoCardGateway', maskedCardNumber: maskLikeOcc(number) });
}

function planGiftCard(payment: JsonObject, cents: bigint, path: string, scope: PaymentScope): PlannedPayment {
  const { number, card } = giftCardOf(payment, path, scope);
  const reserved = scope.reservedGiftCardCents.get(card) ?? 0n;
  if (card.balanceCents - reserved < cents) throw paymentError(OCC_ERROR_CODES.paymentDeclined, 'The gift card balance is too low.', path);
  scope.reservedGiftCardCents.set(card, reserved + cents);
  const masked = maskLikeOcc(number);
  const planned = newGroup(scope, cents, 'AUTHORIZED', { type: 'physicalGiftCard', paymentMethod: 'physicalGiftCard', gatewayName: 'demoGiftCardGateway', maskedCardNumber: masked, giftCardNumber: masked });
  planned.response.balance = centsToJsonNumber(card.balanceCents - reserved - cents);
  return { ...planned, giftCard: card };
}

function giftCardOf(payment: JsonObject, path: string, scope: PaymentScope): { number: string; card: OccEmulatorGiftCard } {
  const number = requiredString(payment, 'giftCardNumber', path);
  const pin = requiredString(payment, 'giftCardPin', path);
  const card = scope.giftCards.get(number);
  // One answer for an unknown card and a wrong PIN, so numbers cannot be probed.
  if (card === undefined || card.pin !== pin) throw paymentError(OCC_ERROR_CODES.paymentDeclined, 'The gift card number or PIN is not valid.', path);
  return { number, card };
}

function initiatePaypal(cents: bigint, scope: PaymentScope): PlannedPayment {
  if (scope.op !== 'initiate') throw invalidInput('PayPal payments are started with op "initiate".', 'op');
  const token = `EC-${randomBytes(8).toString('hex').toUpperCase()}`;
  return newGroup(scope, cents, 'INITIAL', {
    type: 'paypalCheckout',
    paymentMethod: 'onlinePaymentGroup',
    gatewayName: 'PP-A',
    uiIntervention: 'REDIRECT',
    transaction_state: 'created',
    id: `PAY-${randomBytes(12).toString('hex').toUpperCase()}`,
    intent: 'authorize',
    REDIRECT: `https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token=${token}`,
  });
}

function initiatePayU(cents: bigint, scope: PaymentScope): PlannedPayment {
  const reference = `${scope.order.id}-${randomBytes(4).toString('hex')}`;
  const amount = centsToJsonNumber(cents).toString();
  const signature = createHash('md5').update(`demoApiKey~508029~${reference}~${amount}~${scope.order.currencyCode}`).digest('hex');
  return newGroup(scope, cents, 'INITIAL', {
    type: 'payULatamWebcheckout',
    paymentMethod: 'onlinePaymentGroup',
    gatewayName: 'payULatam',
    uiIntervention: 'REDIRECT',
    accountId: '512321',
    merchantId: '508029',
    paymentId: reference,
    signature,
    signatureAlgorithm: 'MD5',
    responseUrl: 'https://shop.example.com/payu/response',
    confirmationUrl: 'https://shop.example.com/payu/confirmation',
    sopUrl: 'https://sandbox.checkout.payulatam.com/ppp-web-gateway-payu/',
  });
}

/** The second call of PayPal and PayU: the shopper came back, the INITIAL group is authorised. */
function completeInitial(payment: JsonObject, cents: bigint, path: string, scope: PaymentScope, type: string): PlannedPayment {
  const groupId = requiredString(payment, 'paymentGroupId', path);
  const group = scope.order.paymentGroups.find((candidate) => candidate.id === groupId && candidate.type === type);
  if (group === undefined) throw invalidInput('paymentGroupId does not name a payment group of this type on this order.', `${path}.paymentGroupId`);
  if (group.paymentState !== 'INITIAL') throw invalidInput('The payment group is already authorised.', `${path}.paymentGroupId`);
  if (group.amountCents !== cents) throw invalidInput('The amount differs from the payment group\'s amount.', `${path}.amount`);
  const extra: JsonObject = { type, paymentMethod: group.paymentMethod, paymentGroupId: group.id, amount: centsToJsonNumber(cents), paymentState: 'AUTHORIZED' };
  if (type === 'paypalCheckout') {
    for (const field of ['paymentId', 'PayerID', 'token']) requiredString(payment, field, path);
    Object.assign(extra, { gatewayName: 'PP-A', transaction_state: 'approved', id: payment.paymentId, intent: 'authorize' });
  } else {
    Object.assign(extra, { gatewayName: 'payULatam', transactionStatusByQuery: 'APPROVED' });
  }
  return { group: { ...group, paymentState: 'AUTHORIZED' }, isNewGroup: false, response: extra };
}

function newGroup(scope: PaymentScope, cents: bigint, paymentState: 'INITIAL' | 'AUTHORIZED', fields: JsonObject): PlannedPayment {
  const group: OccEmulatorPaymentGroup = {
    id: scope.nextGroupId(),
    type: String(fields.type),
    paymentMethod: String(fields.paymentMethod),
    paymentState,
    amountCents: cents,
  };
  if (typeof fields.maskedCardNumber === 'string') group.maskedCardNumber = fields.maskedCardNumber;
  return { group, isNewGroup: true, response: { paymentGroupId: group.id, amount: centsToJsonNumber(cents), paymentState, ...fields } };
}

function requiredString(payment: JsonObject, field: string, path: string): string {
  const value = payment[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(`${field} is required.`, `${path}.${field}`);
  return value.trim();
}

/** Documented as integers; the vendor's example sends strings ("3"), so both are accepted. */
function integerField(payment: JsonObject, field: string, path: string): number {
  const value = payment[field];
  const text = typeof value === 'string' ? value.trim() : isLosslessNumber(value) ? value.toString() : undefined;
  if (text === undefined || !/^\d{1,4}$/.test(text)) throw invalidInput(`${field} must be a whole number.`, `${path}.${field}`);
  return Number(text);
}

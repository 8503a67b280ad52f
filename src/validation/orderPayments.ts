import { BadUserInputError } from '../errors/gatewayError.ts';
import {
  OrderPaymentMethodType,
  OrderPaymentOperation,
  type AddOrderPaymentsInput,
  type BillingAddressInput,
  type OrderPaymentInput,
} from '../generated/graphql.ts';
import { toOccAmount } from '../mappers/occ/amounts.ts';
import { hasExpired, isCardNumber, isCvv, isExpiryMonth, isExpiryYear } from './card.ts';

type SubInput = 'card' | 'giftCard' | 'invoice' | 'paypal' | 'payU';

const SUB_INPUTS: readonly SubInput[] = ['card', 'giftCard', 'invoice', 'paypal', 'payU'];

/** The sub-input each type takes, and whether it must be given (PayPal and PayU start without one). */
const SUB_INPUT_OF: Record<OrderPaymentMethodType, { name: SubInput; required: boolean } | undefined> = {
  [OrderPaymentMethodType.CARD]: { name: 'card', required: true },
  [OrderPaymentMethodType.PHYSICAL_GIFT_CARD]: { name: 'giftCard', required: true },
  [OrderPaymentMethodType.INVOICE]: { name: 'invoice', required: true },
  [OrderPaymentMethodType.CASH]: undefined,
  [OrderPaymentMethodType.PAYPAL_CHECKOUT]: { name: 'paypal', required: false },
  [OrderPaymentMethodType.PAYU_LATAM_WEBCHECKOUT]: { name: 'payU', required: false },
};

const REQUIRED_ADDRESS_FIELDS = [
  'firstName', 'lastName', 'address1', 'city', 'state', 'selectedState', 'stateIsoCode', 'country', 'selectedCountry', 'postalCode',
] as const satisfies ReadonlyArray<keyof BillingAddressInput>;

/**
 * Everything OCC would refuse, refused before any upstream call with the path of the offending input.
 * Messages name fields and rules, never values: a card number, CVV or PIN must not come back in an error.
 */
export function validateAddOrderPaymentsInput(input: AddOrderPaymentsInput, now: Date): void {
  if (input.orderId.trim() === '') throw new BadUserInputError('orderId must not be blank.', 'input.orderId');
  if (input.payments.length === 0) throw new BadUserInputError('Give at least one payment.', 'input.payments');
  input.payments.forEach((payment, index) => validatePayment(payment, `input.payments[${index}]`, input.operation ?? undefined, now));
}

function validatePayment(payment: OrderPaymentInput, path: string, operation: OrderPaymentOperation | undefined, now: Date): void {
  const type = payment.paymentMethodType;
  const expected = SUB_INPUT_OF[type];
  for (const name of SUB_INPUTS) {
    if (payment[name] != null && name !== expected?.name) {
      const takes = expected ? `takes \`${expected.name}\`` : 'takes no sub-input';
      throw new BadUserInputError(`\`${name}\` does not fit a ${type} payment, which ${takes}.`, `${path}.${name}`);
    }
  }
  if (expected?.required && payment[expected.name] == null) {
    throw new BadUserInputError(`A ${type} payment needs \`${expected.name}\`.`, `${path}.${expected.name}`);
  }
  toOccAmount(payment.amount, `${path}.amount`);
  checkOperation(payment, path, operation);
  if (payment.customProperties != null && !isPlainObject(payment.customProperties)) {
    throw new BadUserInputError('customProperties must be a JSON object.', `${path}.customProperties`);
  }
  if (payment.card) {
    const { card } = payment;
    if (!isCardNumber(card.number)) throw new BadUserInputError('The card number must be 12 to 19 digits, without spaces, and pass the Luhn check.', `${path}.card.number`);
    if (!isCvv(card.cvv)) throw new BadUserInputError('The card security code must be 3 or 4 digits.', `${path}.card.cvv`);
    if (!isExpiryMonth(card.expiryMonth)) throw new BadUserInputError('expiryMonth must be 1 to 12.', `${path}.card.expiryMonth`);
    if (!isExpiryYear(card.expiryYear)) throw new BadUserInputError('expiryYear must have four digits.', `${path}.card.expiryYear`);
    if (hasExpired(card.expiryMonth, card.expiryYear, now)) {
      throw new BadUserInputError('The card has expired: it is valid through the end of its expiry month (UTC).', `${path}.card.expiryYear`);
    }
  }
  if (payment.giftCard) {
    if (payment.giftCard.number.trim() === '') throw new BadUserInputError('The gift card number must not be blank.', `${path}.giftCard.number`);
    if (payment.giftCard.pin.trim() === '') throw new BadUserInputError('The gift card PIN must not be blank.', `${path}.giftCard.pin`);
  }
  if (payment.invoice && payment.invoice.poNumber.trim() === '') {
    throw new BadUserInputError('poNumber must not be blank.', `${path}.invoice.poNumber`);
  }
  if (payment.paypal) {
    const missing = (['paymentId', 'payerId', 'token', 'paymentGroupId'] as const).find((field) => !payment.paypal?.[field]?.trim());
    if (missing !== undefined) throw new BadUserInputError(`Completing a PayPal payment needs paymentId, payerId, token and paymentGroupId.`, `${path}.paypal.${missing}`);
  }
  if (payment.billingAddress) {
    const address = payment.billingAddress;
    const missing = REQUIRED_ADDRESS_FIELDS.find((field) => address[field].trim() === '');
    if (missing !== undefined) throw new BadUserInputError(`The billing address needs ${missing}.`, `${path}.billingAddress.${missing}`);
  }
}

/** OCC's `op` only makes sense for some types, and cash and a new PayPal payment need `initiate`. */
function checkOperation(payment: OrderPaymentInput, path: string, operation: OrderPaymentOperation | undefined): void {
  const type = payment.paymentMethodType;
  if (operation === OrderPaymentOperation.INQUIRE_BALANCE && type !== OrderPaymentMethodType.PHYSICAL_GIFT_CARD) {
    throw new BadUserInputError('INQUIRE_BALANCE applies to PHYSICAL_GIFT_CARD payments only.', `${path}.paymentMethodType`);
  }
  const starts = type === OrderPaymentMethodType.CASH || (type === OrderPaymentMethodType.PAYPAL_CHECKOUT && payment.paypal == null);
  if (starts && operation !== OrderPaymentOperation.INITIATE) {
    throw new BadUserInputError(`A new ${type} payment is started with operation INITIATE.`, 'input.operation');
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

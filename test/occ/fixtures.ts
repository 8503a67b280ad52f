/** The reference page's example, in GraphQL terms, and the pieces the OCC tests build on. */

export const ADD_ORDER_PAYMENTS = /* GraphQL */ `
  mutation AddOrderPayments($input: AddOrderPaymentsInput!) {
    addOrderPayments(input: $input) {
      orderId
      profileId
      amountRemaining
      customPaymentProperties
      paymentResponses {
        paymentGroupId amount type paymentMethodType paymentMethod paymentState gatewayName uiIntervention
        redirectUrl transactionState maskedCardNumber giftCardNumber balance message customPaymentProperties
        paypalPaymentId intent accountId merchantId payUPaymentId signature signatureAlgorithm
        transactionStatusByQuery responseUrl confirmationUrl sopUrl
      }
    }
  }
`;

export const BILLING_ADDRESS = {
  firstName: 'Kim',
  lastName: 'Anderson',
  address1: '21 Cedar Ave',
  address2: '',
  city: 'Syracuse',
  county: '',
  state: 'New York',
  selectedState: 'NY',
  stateIsoCode: 'US-NY',
  country: 'US',
  selectedCountry: 'US',
  postalCode: '13202',
  phoneNumber: '212-555-1977',
  email: 'kim@example.com',
};

export const CUSTOM_PROPERTIES = { 'cust-prop1': 'cust-prop1', 'cust-prop2': 'cust-prop2' };

/** The reference page's card expired in 3/2019, which the gateway refuses; this one is always years away from expiring. */
export const VISA = { number: '4111111111111111', cvv: '333', type: 'visa', nameOnCard: 'Kim', expiryMonth: 3, expiryYear: new Date().getUTCFullYear() + 5 };

export const GIFT_CARD = { number: '536564', pin: '123' };

/** The reference request: gift card 536564 pays 15.50, card 4111111111111111 pays 19.50. */
export function referenceInput(orderId = 'o80413', profileId = '170309') {
  return {
    orderId,
    profileId,
    payments: [
      { paymentMethodType: 'PHYSICAL_GIFT_CARD', amount: '15.50', customProperties: CUSTOM_PROPERTIES, giftCard: GIFT_CARD, billingAddress: BILLING_ADDRESS },
      { paymentMethodType: 'CARD', amount: '19.50', customProperties: CUSTOM_PROPERTIES, card: VISA, billingAddress: BILLING_ADDRESS },
    ],
  };
}

export function cardPayment(amount: string, card: Record<string, unknown> = VISA) {
  return { paymentMethodType: 'CARD', amount, card };
}

export interface OrderPaymentResult {
  paymentGroupId: string | null;
  amount: string | null;
  type: string | null;
  paymentMethodType: string | null;
  paymentState: string | null;
  uiIntervention: string | null;
  redirectUrl: string | null;
  transactionState: string | null;
  maskedCardNumber: string | null;
  giftCardNumber: string | null;
  balance: string | null;
  paypalPaymentId: string | null;
  [field: string]: unknown;
}

export interface AddOrderPaymentsData {
  addOrderPayments: {
    orderId: string;
    profileId: string | null;
    amountRemaining: string | null;
    customPaymentProperties: unknown;
    paymentResponses: OrderPaymentResult[];
  };
}

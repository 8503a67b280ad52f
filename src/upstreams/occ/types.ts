/** Oracle Commerce agent API shapes, as `POST /ccagent/v1/payment` accepts and returns them. */
import type { LosslessNumber } from 'lossless-json';

export type OccPaymentMethodType = 'card' | 'physicalGiftCard' | 'invoice' | 'cash' | 'paypalCheckout' | 'payULatamWebcheckout';

export type OccOperation = 'inquireBalance' | 'initiate';

export interface OccBillingAddress {
  firstName: string;
  middleName?: string;
  lastName: string;
  prefix?: string;
  suffix?: string;
  alias?: string;
  companyName?: string;
  jobTitle?: string;
  address1: string;
  address2?: string;
  address3?: string;
  city: string;
  county?: string;
  state: string;
  selectedState: string;
  state_ISOCode: string;
  country: string;
  selectedCountry: string;
  postalCode: string;
  phoneNumber?: string;
  faxNumber?: string;
  email?: string;
}

/** One payment, flat as OCC wants it. `amount` is sent as a decimal string, like the vendor's own example. */
export interface OccPaymentRequest {
  paymentMethodType: OccPaymentMethodType;
  amount: string;
  billingAddress?: OccBillingAddress;
  customProperties?: unknown;
  cardNumber?: string;
  cardCVV?: string;
  cardType?: string;
  nameOnCard?: string;
  expiryMonth?: number;
  expiryYear?: number;
  giftCardNumber?: string;
  giftCardPin?: string;
  PONumber?: string;
  paymentId?: string;
  PayerID?: string;
  token?: string;
  paymentGroupId?: string;
}

export interface OccAddPaymentsRequest {
  orderId: string;
  profileId?: string;
  op?: OccOperation;
  payments: OccPaymentRequest[];
}

/** Numbers are parsed losslessly: an amount is a LosslessNumber (its exact text), or a string if OCC sends one. */
export type OccAmount = LosslessNumber | string;

export interface OccPaymentResponse {
  paymentGroupId?: string;
  amount?: OccAmount;
  balance?: OccAmount;
  type?: string;
  paymentMethod?: string;
  paymentState?: string;
  gatewayName?: string;
  uiIntervention?: string;
  REDIRECT?: string;
  transaction_state?: string;
  maskedCardNumber?: string;
  giftCardNumber?: string;
  message?: string;
  customPaymentProperties?: unknown;
  id?: string;
  intent?: string;
  accountId?: string;
  merchantId?: string;
  paymentId?: string;
  signature?: string;
  signatureAlgorithm?: string;
  transactionStatusByQuery?: string;
  responseUrl?: string;
  confirmationUrl?: string;
  sopUrl?: string;
}

export interface OccAddPaymentsResponse {
  orderId: string;
  profileId?: string;
  amountRemaining?: OccAmount;
  customPaymentProperties?: unknown;
  paymentResponses: OccPaymentResponse[];
  /** OCC's own links; they name upstream URLs and are never passed on. */
  links?: unknown;
}

/** The documented `errorModel`; `status` is a string such as `"400"`. */
export interface OccErrorDetail {
  errorCode?: string;
  message?: string;
  status?: string;
  devMessage?: string;
  moreInfo?: string;
  'o:errorPath'?: string;
}

export interface OccErrorModel extends OccErrorDetail {
  type?: string;
  errors?: OccErrorDetail[];
}

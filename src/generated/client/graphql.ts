/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A three-letter ISO 4217 currency code (`EUR`, `USD`). */
  Currency: { input: string; output: string; }
  /** An instant in time, as an ISO 8601 string in UTC (`2026-11-22T10:00:00.000Z`). */
  DateTime: { input: string; output: string; }
  /**
   * An exact decimal amount in major units, serialised as a string (`"15.50"`). Accepts strings and numbers; it is
   * never rounded through binary floating point.
   */
  Decimal: { input: string; output: string; }
  /** Any JSON value: object, array, string, number, boolean or null. An integer beyond 2^53 goes as a string (a JSON number that long is rounded, and refused) and comes back as a string. */
  Json: { input: unknown; output: unknown; }
  /** An IETF language tag (`en`, `de-DE`). */
  Locale: { input: string; output: string; }
  /**
   * A 64-bit signed integer. Accepted as an Int literal or a string of digits. Serialised as a JSON number while it
   * is a safe integer (|n| < 2^53) and as a string of digits beyond that, so no amount ever loses a cent.
   */
  Long: { input: number | string; output: number | string; }
};

/** The `addTransaction` action. */
export type AddMyPaymentTransaction = {
  /** The transaction to add. */
  transaction: MyTransactionDraft;
};

/** The order to pay and the payments to add to it. */
export type AddOrderPaymentsInput = {
  /** What OCC should do instead of a plain payment: inquire a gift card's balance, or start a cash or PayPal payment. */
  operation?: InputMaybe<OrderPaymentOperation>;
  /** The order's id, e.g. `o80413`. */
  orderId: Scalars['ID']['input'];
  /** The payments, at least one. Each gives exactly the sub-input its `paymentMethodType` calls for. */
  payments: Array<OrderPaymentInput>;
  /** The shopper profile that owns the order, e.g. `170309`. When given, OCC refuses an order of another profile. */
  profileId?: InputMaybe<Scalars['ID']['input']>;
};

/** What OCC answered for the payments of one call. */
export type AddOrderPaymentsPayload = {
  __typename?: 'AddOrderPaymentsPayload';
  /** The part of the order total not yet covered by authorised payments, e.g. `"55.00"`. Always at least two decimals. */
  amountRemaining?: Maybe<Scalars['Decimal']['output']>;
  /** The custom properties of the payments, merged, as OCC returns them. */
  customPaymentProperties?: Maybe<Scalars['Json']['output']>;
  /** The order's id. */
  orderId: Scalars['ID']['output'];
  /** One result per payment, in request order. */
  paymentResponses: Array<OrderPaymentResult>;
  /** The shopper profile of the order. */
  profileId?: Maybe<Scalars['ID']['output']>;
};

/** A billing address, with OCC's fields in camelCase. */
export type BillingAddressInput = {
  /** First address line. */
  address1: Scalars['String']['input'];
  /** Second address line. */
  address2?: InputMaybe<Scalars['String']['input']>;
  /** Third address line. */
  address3?: InputMaybe<Scalars['String']['input']>;
  /** Address alias. */
  alias?: InputMaybe<Scalars['String']['input']>;
  /** City. */
  city: Scalars['String']['input'];
  /** Company name. */
  companyName?: InputMaybe<Scalars['String']['input']>;
  /** Country, e.g. `US`. */
  country: Scalars['String']['input'];
  /** County. */
  county?: InputMaybe<Scalars['String']['input']>;
  /** Email address. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** Fax number. */
  faxNumber?: InputMaybe<Scalars['String']['input']>;
  /** First name. */
  firstName: Scalars['String']['input'];
  /** Job title. */
  jobTitle?: InputMaybe<Scalars['String']['input']>;
  /** Last name. */
  lastName: Scalars['String']['input'];
  /** Middle name. */
  middleName?: InputMaybe<Scalars['String']['input']>;
  /** Phone number. */
  phoneNumber?: InputMaybe<Scalars['String']['input']>;
  /** Postal code. */
  postalCode: Scalars['String']['input'];
  /** Name prefix, e.g. `Ms.`. */
  prefix?: InputMaybe<Scalars['String']['input']>;
  /** Country code, e.g. `US`. */
  selectedCountry: Scalars['String']['input'];
  /** State code, e.g. `NY`. */
  selectedState: Scalars['String']['input'];
  /** State name, e.g. `New York`. */
  state: Scalars['String']['input'];
  /** State ISO 3166-2 code, e.g. `US-NY` (OCC `state_ISOCode`). */
  stateIsoCode: Scalars['String']['input'];
  /** Name suffix. */
  suffix?: InputMaybe<Scalars['String']['input']>;
};

/** A credit or debit card. Never logged, never echoed: responses show at most the first six and last four digits. */
export type CardInput = {
  /** The card security code: 3 or 4 digits. Sent to OCC for authorisation and never kept. */
  cvv: Scalars['String']['input'];
  /** Expiry month, 1 to 12. */
  expiryMonth: Scalars['Int']['input'];
  /**
   * Expiry year, four digits, e.g. 2031. The card is valid through the last day of its expiry month (UTC); an expired
   * card is refused with `BAD_USER_INPUT` on this field before Oracle Commerce is called.
   */
  expiryYear: Scalars['Int']['input'];
  /** The name on the card. */
  nameOnCard?: InputMaybe<Scalars['String']['input']>;
  /** The card number: 12 to 19 digits passing the Luhn check, no spaces. */
  number: Scalars['String']['input'];
  /** The card type, e.g. `visa`. */
  type?: InputMaybe<Scalars['String']['input']>;
};

/** The `changeAmountPlanned` action. */
export type ChangeMyPaymentAmountPlanned = {
  /** The new planned amount. */
  amount: MoneyInput;
};

/** Custom fields of a resource. */
export type CustomFields = {
  __typename?: 'CustomFields';
  /** The field values, by field name. */
  fields: Scalars['Json']['output'];
  /** The custom type that defines the fields. */
  type: TypeReference;
};

/** Custom fields to set: the type by key or id, and values as JSON. */
export type CustomFieldsDraft = {
  /** Field values by name, e.g. `{"giftMessage": "Hi"}`. */
  fields?: InputMaybe<Scalars['Json']['input']>;
  /** The custom type's id (give this or `typeKey`). */
  typeId?: InputMaybe<Scalars['String']['input']>;
  /** The custom type's key (give this or `typeId`). */
  typeKey?: InputMaybe<Scalars['String']['input']>;
};

/** A reference to a customer. */
export type CustomerReference = {
  __typename?: 'CustomerReference';
  /** The customer's id. */
  id: Scalars['ID']['output'];
};

/** Every `extensions.code` a client of this gateway can meet. Codes are stable: match on them, never on messages. */
export enum ErrorCode {
  /** The HTTP request itself is malformed (method, content type, CSRF protection, batching off). */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The operation or its variables are invalid; `extensions.field` names the offending input where known. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The version given is not the current one; `extensions.currentVersion` holds the current version. */
  CONCURRENT_MODIFICATION = 'CONCURRENT_MODIFICATION',
  /** The credentials are valid but lack the permission (scope) needed. */
  FORBIDDEN = 'FORBIDDEN',
  /** The document could not be parsed. */
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  /** The document does not validate against the schema. */
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /**
   * A request with this idempotency key is still running. HTTP 409 with `Retry-After` (a rate limit's 429 comes first;
   * 200 when another mutation of the operation went upstream first); `extensions.retryAfterSeconds` says when to ask again.
   */
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  /** The idempotency key was already used by this caller for a different mutation or different arguments. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** The idempotency store cannot be reached; the keyed mutation was not sent. `extensions.retryable` is true. */
  IDEMPOTENCY_UNAVAILABLE = 'IDEMPOTENCY_UNAVAILABLE',
  /** Anything unexpected. Details are logged under `extensions.requestId`, never returned. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The operation is not allowed in the resource's current state (e.g. a payment with a transaction). */
  INVALID_OPERATION = 'INVALID_OPERATION',
  /** The resource does not exist or does not belong to the caller. */
  NOT_FOUND = 'NOT_FOUND',
  /** The operation exceeds a depth, alias, token, directive or cost limit. Nothing was sent upstream. */
  OPERATION_LIMIT_EXCEEDED = 'OPERATION_LIMIT_EXCEEDED',
  /** The named operation is not in the document. */
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  /**
   * A mutation was sent and no definitive answer came back (timeout, reset, 5xx, an unreadable answer): it may or
   * may not have been applied. `extensions.retryable` is false. Read the payment (`myPayment`, `myPayments`) or the
   * order before trying again, or retry with the same `idempotencyKey`, which answers this same error. Also the
   * answer to an Oracle Commerce key retried on its order under another agent token (a refreshed one): nothing is
   * sent, and the first request's answer goes only to the token that sent it.
   */
  OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN',
  /** Oracle Commerce 51175: an error occurred completing an order payment. */
  PAYMENT_COMPLETION_ERROR = 'PAYMENT_COMPLETION_ERROR',
  /** Oracle Commerce 51174: the order was not placed due to a payment error and the shopper was not charged. */
  PAYMENT_DECLINED = 'PAYMENT_DECLINED',
  /** Oracle Commerce 51173: an error occurred while processing the payments. */
  PAYMENT_PROCESSING_ERROR = 'PAYMENT_PROCESSING_ERROR',
  /** Automatic persisted query: `sha256Hash` is not the SHA-256 of the query text sent with it. */
  PERSISTED_QUERY_HASH_MISMATCH = 'PERSISTED_QUERY_HASH_MISMATCH',
  /** Automatic persisted query: the hash is not registered (yet). Send it again with the query text (HTTP 200, as APQ clients expect). */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** Persisted document: the `documentId` (or hash-only request) is not in the gateway's manifest. */
  PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST',
  /** Automatic persisted query: an unsupported `persistedQuery.version` (only 1 is supported). */
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** Safelisting is enforced and the document sent is not in the gateway's manifest. Nothing was sent upstream. */
  QUERY_NOT_IN_SAFELIST = 'QUERY_NOT_IN_SAFELIST',
  /**
   * Too many requests, or too many failed payment attempts; nothing was sent upstream. HTTP 429 with `Retry-After`
   * (200 when another mutation of the operation went upstream first); `extensions.retryAfterSeconds` says when to try again.
   */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The request carries no usable credentials, or the upstream rejected them. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** A read failed upstream (HTTP 500, or a body other than its documented JSON). */
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  /**
   * The upstream was not reached or refused to work (connection refused, circuit open, overloaded: 429/503), so
   * nothing was applied; for reads also a timeout or reset. `extensions.retryable` is true: retry later.
   */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE'
}

/** A physical gift card. Its number and PIN are never logged or echoed. */
export type GiftCardInput = {
  /** The gift card number. */
  number: Scalars['String']['input'];
  /** The gift card PIN. */
  pin: Scalars['String']['input'];
};

/** An invoice payment. */
export type InvoiceInput = {
  /** The purchase order number (OCC `PONumber`). */
  poNumber: Scalars['String']['input'];
};

/** A text in one locale. */
export type LocalizedString = {
  __typename?: 'LocalizedString';
  /** The locale, e.g. `en` or `de-DE`. */
  locale: Scalars['Locale']['output'];
  /** The text in that locale. */
  value: Scalars['String']['output'];
};

/** A text in one locale. */
export type LocalizedStringInput = {
  /** The locale, e.g. `en`. */
  locale: Scalars['Locale']['input'];
  /** The text. */
  value: Scalars['String']['input'];
};

/** An amount of money in the smallest indivisible unit of its currency. */
export type Money = {
  __typename?: 'Money';
  /** The amount in minor units (cents for EUR/USD). 64-bit: above 2^53 it is a string of digits. */
  centAmount: Scalars['Long']['output'];
  /** ISO 4217 currency code. */
  currencyCode: Scalars['Currency']['output'];
  /** How many digits of `centAmount` are after the decimal point (2 for EUR). */
  fractionDigits: Scalars['Int']['output'];
  /** For `highPrecision` money only: the amount with `fractionDigits` decimals. */
  preciseAmount?: Maybe<Scalars['Long']['output']>;
  /** `centPrecision` or `highPrecision`. */
  type: Scalars['String']['output'];
};

/** An amount of money. */
export type MoneyInput = {
  /** Amount in minor units; 64-bit (pass a string above 2^53). */
  centAmount: Scalars['Long']['input'];
  /** ISO 4217 currency code. */
  currencyCode: Scalars['Currency']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Adds payments to an order as an Oracle Commerce agent (OCC `POST /ccagent/v1/payment`). Send the agent's token
   * as `X-OCC-Authorization: Bearer <token>`. Every payment is checked before anything is sent, and the call is
   * never retried automatically: a retry could charge a shopper twice. Card payments fail with
   * `PAYMENT_PROCESSING_ERROR`, `PAYMENT_DECLINED` or `PAYMENT_COMPLETION_ERROR` (OCC 51173, 51174, 51175).
   */
  addOrderPayments: AddOrderPaymentsPayload;
  /** Creates a payment for the caller (a customer or an anonymous session, as the token says). */
  createMyPayment: MyPayment;
  /** Deletes one of the caller's payments that has no transaction, and returns it as it was. */
  deleteMyPayment: MyPayment;
  /**
   * Applies update actions to one of the caller's payments, all or nothing. Fails with `CONCURRENT_MODIFICATION`
   * when `version` is not current and with `INVALID_OPERATION` once the payment has a transaction.
   */
  updateMyPayment: MyPayment;
};


export type MutationAddOrderPaymentsArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: AddOrderPaymentsInput;
};


export type MutationCreateMyPaymentArgs = {
  draft: MyPaymentDraft;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteMyPaymentArgs = {
  id: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Long']['input'];
};


export type MutationUpdateMyPaymentArgs = {
  actions: Array<MyPaymentUpdateAction>;
  id: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Long']['input'];
};

/** A payment of the calling customer or anonymous session, as commercetools My Payments exposes it. */
export type MyPayment = {
  __typename?: 'MyPayment';
  /** The amount the payment intends to receive, usually the cart or order total. */
  amountPlanned: Money;
  /** The anonymous session the payment belongs to; null for a customer's payment. */
  anonymousId?: Maybe<Scalars['String']['output']>;
  /** When the payment was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** Custom fields of the payment. */
  custom?: Maybe<CustomFields>;
  /** The customer the payment belongs to; null for an anonymous session's payment. */
  customer?: Maybe<CustomerReference>;
  /** Unique identifier. */
  id: Scalars['ID']['output'];
  /** When the payment was last changed. */
  lastModifiedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The payment interface (PSP) and method. */
  paymentMethodInfo: PaymentMethodInfo;
  /** Financial transactions of the payment, oldest first. */
  transactions: Array<Transaction>;
  /** Current version, for optimistic concurrency in updates and deletes. */
  version: Scalars['Long']['output'];
};

/** A page of the caller's payments. */
export type MyPaymentConnection = {
  __typename?: 'MyPaymentConnection';
  /** The payments of this page with their cursors. */
  edges: Array<MyPaymentEdge>;
  /** The payments of this page. */
  nodes: Array<MyPayment>;
  /** Where this page is within the whole result. */
  pageInfo: PageInfo;
  /** How many payments match in all; null when `withTotal: false`. An estimate for large results, as commercetools says. */
  totalCount?: Maybe<Scalars['Long']['output']>;
};

/** A new payment. */
export type MyPaymentDraft = {
  /** The amount the payment intends to receive. */
  amountPlanned: MoneyInput;
  /** Custom fields. */
  custom?: InputMaybe<CustomFieldsDraft>;
  /** The payment interface and method. */
  paymentMethodInfo?: InputMaybe<PaymentMethodInfoInput>;
  /** A first transaction (Authorization or Charge). A payment with a transaction can no longer be changed. */
  transaction?: InputMaybe<MyTransactionDraft>;
};

/** A payment and its cursor. */
export type MyPaymentEdge = {
  __typename?: 'MyPaymentEdge';
  /** Opaque cursor: pass it as `after` or `before`. */
  cursor: Scalars['String']['output'];
  /** The payment. */
  node: MyPayment;
};

/** How `myPaymentExists` finds a payment: exactly one of the two. */
export type MyPaymentLookup =
  /** A payment id. */
  { id: Scalars['ID']['input']; where?: never; }
  |  /** A query predicate, at most 2048 bytes; true if any of the caller's payments matches. */
  { id?: never; where: Scalars['String']['input']; };

/**
 * One update action. Set exactly one field per element (`@oneOf`); each field is the commercetools REST action of
 * that name.
 */
export type MyPaymentUpdateAction =
  /** Adds a transaction; afterwards the payment cannot be changed through My Payments. */
  { addTransaction: AddMyPaymentTransaction; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Changes the planned amount. */
  { addTransaction?: never; changeAmountPlanned: ChangeMyPaymentAmountPlanned; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets or removes (value null) a custom field of the payment. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField: SetMyPaymentCustomField; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets or removes a custom field of the payment method info. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField: SetMyPaymentCustomField; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets or removes the custom type of the payment method info. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType: SetMyPaymentMethodInfoCustomType; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets the payment interface; once set it cannot change. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface: SetMyPaymentMethodInfoInterface; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets the payment interface account. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount: SetMyPaymentMethodInfoInterfaceAccount; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets or removes the payment method. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod: SetMyPaymentMethodInfoMethod; setMethodInfoName?: never; setTransactionCustomField?: never; }
  |  /** Sets or removes the payment method's display name. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName: SetMyPaymentMethodInfoName; setTransactionCustomField?: never; }
  |  /** Sets or removes a custom field of a transaction. */
  { addTransaction?: never; changeAmountPlanned?: never; setCustomField?: never; setMethodInfoCustomField?: never; setMethodInfoCustomType?: never; setMethodInfoInterface?: never; setMethodInfoInterfaceAccount?: never; setMethodInfoMethod?: never; setMethodInfoName?: never; setTransactionCustomField: SetMyPaymentTransactionCustomField; };

/** A transaction added by the customer: only Authorization or Charge. */
export type MyTransactionDraft = {
  /** Its amount. */
  amount: MoneyInput;
  /** Custom fields. */
  custom?: InputMaybe<CustomFieldsDraft>;
  /** The PSP's identifier for it. */
  interactionId?: InputMaybe<Scalars['String']['input']>;
  /** When it took place; default now. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
  /** `Authorization` or `Charge`. */
  type: TransactionType;
};

/** One payment to add to the order. */
export type OrderPaymentInput = {
  /** The amount this payment covers, in the order's currency: positive, at most two decimals (`"19.50"`). */
  amount: Scalars['Decimal']['input'];
  /** The billing address. When given, OCC's required fields are required. */
  billingAddress?: InputMaybe<BillingAddressInput>;
  /** The card, for `CARD` only. */
  card?: InputMaybe<CardInput>;
  /** Any JSON object; OCC passes it on to its payment webhook. */
  customProperties?: InputMaybe<Scalars['Json']['input']>;
  /** The gift card, for `PHYSICAL_GIFT_CARD` only. */
  giftCard?: InputMaybe<GiftCardInput>;
  /** The purchase order, for `INVOICE` only. */
  invoice?: InputMaybe<InvoiceInput>;
  /** The PayU payment group, for `PAYU_LATAM_WEBCHECKOUT` only (not needed to start). */
  payU?: InputMaybe<PayUInput>;
  /** How this payment is made; decides which sub-input must be given. */
  paymentMethodType: OrderPaymentMethodType;
  /** The PayPal ids, for `PAYPAL_CHECKOUT` only (not needed to initiate). */
  paypal?: InputMaybe<PaypalCheckoutInput>;
};

/** How a payment is made, as OCC's `paymentMethodType`. */
export enum OrderPaymentMethodType {
  /** A credit or debit card (OCC `card`); give `card`. */
  CARD = 'CARD',
  /** Cash (OCC `cash`), started with `operation: INITIATE`; no sub-input. */
  CASH = 'CASH',
  /** An invoice against a purchase order (OCC `invoice`); give `invoice`. */
  INVOICE = 'INVOICE',
  /** PayPal checkout (OCC `paypalCheckout`): `operation: INITIATE` first, then `paypal` with the ids PayPal returned. */
  PAYPAL_CHECKOUT = 'PAYPAL_CHECKOUT',
  /** PayU Latam web checkout (OCC `payULatamWebcheckout`); `payU` to complete an earlier payment group. */
  PAYU_LATAM_WEBCHECKOUT = 'PAYU_LATAM_WEBCHECKOUT',
  /** A physical gift card (OCC `physicalGiftCard`); give `giftCard`. */
  PHYSICAL_GIFT_CARD = 'PHYSICAL_GIFT_CARD'
}

/** OCC's `op`: an operation other than a plain payment. */
export enum OrderPaymentOperation {
  /** OCC `initiate`: starts a cash or PayPal checkout payment. */
  INITIATE = 'INITIATE',
  /** OCC `inquireBalance`: answers each gift card's balance; nothing is charged. */
  INQUIRE_BALANCE = 'INQUIRE_BALANCE'
}

/** The result of one payment. */
export type OrderPaymentResult = {
  __typename?: 'OrderPaymentResult';
  /** PayU's account id for the billing country. */
  accountId?: Maybe<Scalars['String']['output']>;
  /** The amount authorised (or, for an INITIAL payment, requested), e.g. `"19.50"`. */
  amount?: Maybe<Scalars['Decimal']['output']>;
  /** A gift card's balance, e.g. `"84.50"`. */
  balance?: Maybe<Scalars['Decimal']['output']>;
  /** The URL the payment provider confirms the payment to. */
  confirmationUrl?: Maybe<Scalars['String']['output']>;
  /** Custom payment properties of this payment. */
  customPaymentProperties?: Maybe<Scalars['Json']['output']>;
  /** The name of the payment gateway that processed the payment. */
  gatewayName?: Maybe<Scalars['String']['output']>;
  /** The gift card number, masked like `maskedCardNumber`; never in full. */
  giftCardNumber?: Maybe<Scalars['String']['output']>;
  /** PayPal's intent, e.g. `authorize`. */
  intent?: Maybe<Scalars['String']['output']>;
  /** The card or gift card number masked to at most its first six and last four digits. */
  maskedCardNumber?: Maybe<Scalars['String']['output']>;
  /** PayU's merchant id. */
  merchantId?: Maybe<Scalars['String']['output']>;
  /** An error message about this payment, if any. */
  message?: Maybe<Scalars['String']['output']>;
  /** PayU's payment id (OCC `paymentId`). */
  payUPaymentId?: Maybe<Scalars['String']['output']>;
  /** The OCC payment group that holds this payment. */
  paymentGroupId?: Maybe<Scalars['String']['output']>;
  /** The payment method OCC used, e.g. `creditCard`, `onlinePaymentGroup`. */
  paymentMethod?: Maybe<Scalars['String']['output']>;
  /** The payment method type, as this schema names it; null when OCC answers a type this schema does not know. */
  paymentMethodType?: Maybe<OrderPaymentMethodType>;
  /** The payment group's state: `INITIAL`, `AUTHORIZED`, `AUTHORIZE_FAILED`, `SETTLED`, `SETTLE_FAILED`, `CREDIT_FAILED` or `REMOVED`. */
  paymentState?: Maybe<Scalars['String']['output']>;
  /** PayPal's payment id (OCC `id`). */
  paypalPaymentId?: Maybe<Scalars['String']['output']>;
  /** Where to send the shopper to approve the payment (OCC `REDIRECT`). */
  redirectUrl?: Maybe<Scalars['String']['output']>;
  /** The URL the payment provider sends the shopper back to. */
  responseUrl?: Maybe<Scalars['String']['output']>;
  /** PayU's signature of the payment. */
  signature?: Maybe<Scalars['String']['output']>;
  /** The algorithm of `signature`, e.g. `MD5`. */
  signatureAlgorithm?: Maybe<Scalars['String']['output']>;
  /** The URL of the provider's payment page to send the shopper to (OCC `sopUrl`). */
  sopUrl?: Maybe<Scalars['String']['output']>;
  /** PayPal's transaction state, e.g. `created` (OCC `transaction_state`). */
  transactionState?: Maybe<Scalars['String']['output']>;
  /** PayU's transaction status, as last queried. */
  transactionStatusByQuery?: Maybe<Scalars['String']['output']>;
  /** The payment method type as OCC names it: `card`, `physicalGiftCard`, `invoice`, `cash`, `paypalCheckout`, `payULatamWebcheckout`. */
  type?: Maybe<Scalars['String']['output']>;
  /** `REDIRECT` when the shopper must be sent to `redirectUrl` (PayPal) to approve the payment. */
  uiIntervention?: Maybe<Scalars['String']['output']>;
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last payment of the page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more payments follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether payments precede this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first payment of the page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A PayU Latam web checkout payment. */
export type PayUInput = {
  /** The OCC payment group of a PayU payment started earlier, to query and complete it. */
  paymentGroupId?: InputMaybe<Scalars['String']['input']>;
};

/** Where and how the payment is made. */
export type PaymentMethodInfo = {
  __typename?: 'PaymentMethodInfo';
  /** Custom fields of the payment method info. */
  custom?: Maybe<CustomFields>;
  /** The payment method, e.g. `CREDIT_CARD`. */
  method?: Maybe<Scalars['String']['output']>;
  /** The method's display name in one locale. */
  name?: Maybe<Scalars['String']['output']>;
  /** The method's display name in every locale it has. */
  nameAllLocales?: Maybe<Array<LocalizedString>>;
  /** The payment service provider, e.g. `STRIPE`. Once set it cannot be changed. */
  paymentInterface?: Maybe<Scalars['String']['output']>;
};


/** Where and how the payment is made. */
export type PaymentMethodInfoNameArgs = {
  locale: Scalars['Locale']['input'];
};

/** Payment interface and method of a new payment. */
export type PaymentMethodInfoInput = {
  /** The method, e.g. `CREDIT_CARD`. */
  method?: InputMaybe<Scalars['String']['input']>;
  /** The method's display name per locale. */
  name?: InputMaybe<Array<LocalizedStringInput>>;
  /** The PSP, e.g. `STRIPE`. */
  paymentInterface?: InputMaybe<Scalars['String']['input']>;
};

/**
 * The ids PayPal returned to the shopper, to complete a PayPal checkout payment that was initiated: give all four.
 * To initiate, leave `paypal` out.
 */
export type PaypalCheckoutInput = {
  /** PayPal's payer id (OCC `PayerID`). */
  payerId?: InputMaybe<Scalars['String']['input']>;
  /** The OCC payment group the initiated payment created. */
  paymentGroupId?: InputMaybe<Scalars['String']['input']>;
  /** PayPal's payment id (OCC `paymentId`), e.g. `PAY-48G29628SF768135MLCM36QI`. */
  paymentId?: InputMaybe<Scalars['String']['input']>;
  /** PayPal's token (OCC `token`), e.g. `EC-9P504127F4036564D`. */
  token?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * One of the caller's payments by id (commercetools `GET /me/payments/{id}`). `null`, without an error, when it
   * does not exist or belongs to someone else. An id that cannot be a commercetools id (1 to 256 characters from
   * `A-Z a-z 0-9 _ -`) is refused with `BAD_USER_INPUT` before any upstream call. All `myPayment` fields of one
   * operation are fetched in one call.
   */
  myPayment?: Maybe<MyPayment>;
  /**
   * Whether a payment of the caller exists (commercetools `HEAD /me/payments`): `myPaymentExists(by: { id: "…" })` or
   * `myPaymentExists(by: { where: "…" })`. A malformed predicate is `BAD_USER_INPUT`, as for `myPayments`.
   */
  myPaymentExists: Scalars['Boolean']['output'];
  /**
   * The caller's payments, as a Relay connection over commercetools `GET /me/payments`. Page forwards with
   * `first`/`after` or backwards with `last`/`before` (`last` alone gives the end of the list). Cursors are keyset
   * positions (the row's sort values and id), so payments created or deleted between pages never make another
   * payment repeat or go missing, and there is no depth limit. A cursor only works with the `sort` and `where` it
   * was issued for.
   */
  myPayments: MyPaymentConnection;
};


export type QueryMyPaymentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMyPaymentExistsArgs = {
  by?: InputMaybe<MyPaymentLookup>;
  id?: InputMaybe<Scalars['ID']['input']>;
  where?: InputMaybe<Scalars['String']['input']>;
};


export type QueryMyPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  sort?: InputMaybe<Array<Scalars['String']['input']>>;
  where?: InputMaybe<Scalars['String']['input']>;
  withTotal?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The `setCustomField` and `setMethodInfoCustomField` actions. */
export type SetMyPaymentCustomField = {
  /** The field's name. */
  name: Scalars['String']['input'];
  /** The value; null or absent removes the field. */
  value?: InputMaybe<Scalars['Json']['input']>;
};

/** The `setMethodInfoCustomType` action. */
export type SetMyPaymentMethodInfoCustomType = {
  /** Field values by name. */
  fields?: InputMaybe<Scalars['Json']['input']>;
  /** The custom type's id. */
  typeId?: InputMaybe<Scalars['String']['input']>;
  /** The custom type's key (or give `typeId`); neither removes the custom type. */
  typeKey?: InputMaybe<Scalars['String']['input']>;
};

/** The `setMethodInfoInterface` action. */
export type SetMyPaymentMethodInfoInterface = {
  /** The payment interface. */
  interface: Scalars['String']['input'];
};

/** The `setMethodInfoInterfaceAccount` action. */
export type SetMyPaymentMethodInfoInterfaceAccount = {
  /** The account at the payment interface; absent removes it. */
  interfaceAccount?: InputMaybe<Scalars['String']['input']>;
};

/** The `setMethodInfoMethod` action. */
export type SetMyPaymentMethodInfoMethod = {
  /** The method; absent removes it. */
  method?: InputMaybe<Scalars['String']['input']>;
};

/** The `setMethodInfoName` action. */
export type SetMyPaymentMethodInfoName = {
  /** The name per locale; absent or empty removes it. */
  name?: InputMaybe<Array<LocalizedStringInput>>;
};

/** The `setTransactionCustomField` action. */
export type SetMyPaymentTransactionCustomField = {
  /** The field's name. */
  name: Scalars['String']['input'];
  /** The transaction's id. */
  transactionId: Scalars['ID']['input'];
  /** The value; null or absent removes the field. */
  value?: InputMaybe<Scalars['Json']['input']>;
};

/** A financial transaction of a payment. */
export type Transaction = {
  __typename?: 'Transaction';
  /** The transaction's amount. */
  amount: Money;
  /** Custom fields of the transaction. */
  custom?: Maybe<CustomFields>;
  /** Unique identifier. */
  id: Scalars['ID']['output'];
  /** The PSP's identifier for the transaction. */
  interactionId?: Maybe<Scalars['String']['output']>;
  /** Where the transaction stands. */
  state: TransactionState;
  /** When the transaction took place. */
  timestamp?: Maybe<Scalars['DateTime']['output']>;
  /** What the transaction does. */
  type: TransactionType;
};

/** States of a transaction, spelled as commercetools spells them. */
export enum TransactionState {
  /** Failed. */
  Failure = 'Failure',
  /** Created, not yet sent to the PSP. */
  Initial = 'Initial',
  /** Sent to the PSP, no result yet. */
  Pending = 'Pending',
  /** Succeeded. */
  Success = 'Success'
}

/** Types of transactions, spelled as commercetools spells them. */
export enum TransactionType {
  /** Reserves the amount. */
  Authorization = 'Authorization',
  /** Releases a reserved amount. */
  CancelAuthorization = 'CancelAuthorization',
  /** Takes the amount. */
  Charge = 'Charge',
  /** A charge disputed by the cardholder. */
  Chargeback = 'Chargeback',
  /** Returns a charged amount. */
  Refund = 'Refund'
}

/** A reference to a custom type. */
export type TypeReference = {
  __typename?: 'TypeReference';
  /** The type's id. */
  id: Scalars['ID']['output'];
};

export type AddOrderPaymentsMutationVariables = Exact<{
  input: AddOrderPaymentsInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type AddOrderPaymentsMutation = { __typename: 'Mutation', addOrderPayments: { __typename: 'AddOrderPaymentsPayload', orderId: string, profileId?: string | null, amountRemaining?: string | null, paymentResponses: Array<{ __typename: 'OrderPaymentResult', paymentGroupId?: string | null, type?: string | null, paymentMethodType?: OrderPaymentMethodType | null, amount?: string | null, paymentState?: string | null, maskedCardNumber?: string | null, balance?: string | null, uiIntervention?: string | null, redirectUrl?: string | null, message?: string | null }> } };

export type CreateMyPaymentMutationVariables = Exact<{
  draft: MyPaymentDraft;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type CreateMyPaymentMutation = { __typename: 'Mutation', createMyPayment: { __typename: 'MyPayment', id: string, version: number | string, createdAt?: string | null, lastModifiedAt?: string | null, amountPlanned: { __typename: 'Money', currencyCode: string, centAmount: number | string, fractionDigits: number }, paymentMethodInfo: { __typename: 'PaymentMethodInfo', paymentInterface?: string | null, method?: string | null, nameAllLocales?: Array<{ __typename: 'LocalizedString', locale: string, value: string }> | null }, transactions: Array<{ __typename: 'Transaction', id: string, type: TransactionType, state: TransactionState, amount: { __typename: 'Money', currencyCode: string, centAmount: number | string } }> } };

export type MyPaymentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MyPaymentQuery = { __typename: 'Query', myPayment?: { __typename: 'MyPayment', id: string, version: number | string, createdAt?: string | null, lastModifiedAt?: string | null, amountPlanned: { __typename: 'Money', currencyCode: string, centAmount: number | string, fractionDigits: number }, paymentMethodInfo: { __typename: 'PaymentMethodInfo', paymentInterface?: string | null, method?: string | null, nameAllLocales?: Array<{ __typename: 'LocalizedString', locale: string, value: string }> | null }, transactions: Array<{ __typename: 'Transaction', id: string, type: TransactionType, state: TransactionState, amount: { __typename: 'Money', currencyCode: string, centAmount: number | string } }> } | null };

export type MyPaymentFieldsFragment = { __typename: 'MyPayment', id: string, version: number | string, createdAt?: string | null, lastModifiedAt?: string | null, amountPlanned: { __typename: 'Money', currencyCode: string, centAmount: number | string, fractionDigits: number }, paymentMethodInfo: { __typename: 'PaymentMethodInfo', paymentInterface?: string | null, method?: string | null, nameAllLocales?: Array<{ __typename: 'LocalizedString', locale: string, value: string }> | null }, transactions: Array<{ __typename: 'Transaction', id: string, type: TransactionType, state: TransactionState, amount: { __typename: 'Money', currencyCode: string, centAmount: number | string } }> };

export type MyPaymentsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  sort?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  where?: InputMaybe<Scalars['String']['input']>;
}>;


export type MyPaymentsQuery = { __typename: 'Query', myPayments: { __typename: 'MyPaymentConnection', totalCount?: number | string | null, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ __typename: 'MyPaymentEdge', cursor: string, node: { __typename: 'MyPayment', id: string, version: number | string, createdAt?: string | null, lastModifiedAt?: string | null, amountPlanned: { __typename: 'Money', currencyCode: string, centAmount: number | string, fractionDigits: number }, paymentMethodInfo: { __typename: 'PaymentMethodInfo', paymentInterface?: string | null, method?: string | null, nameAllLocales?: Array<{ __typename: 'LocalizedString', locale: string, value: string }> | null }, transactions: Array<{ __typename: 'Transaction', id: string, type: TransactionType, state: TransactionState, amount: { __typename: 'Money', currencyCode: string, centAmount: number | string } }> } }> } };

export type UpdateMyPaymentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Long']['input'];
  actions: Array<MyPaymentUpdateAction> | MyPaymentUpdateAction;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type UpdateMyPaymentMutation = { __typename: 'Mutation', updateMyPayment: { __typename: 'MyPayment', id: string, version: number | string, createdAt?: string | null, lastModifiedAt?: string | null, amountPlanned: { __typename: 'Money', currencyCode: string, centAmount: number | string, fractionDigits: number }, paymentMethodInfo: { __typename: 'PaymentMethodInfo', paymentInterface?: string | null, method?: string | null, nameAllLocales?: Array<{ __typename: 'LocalizedString', locale: string, value: string }> | null }, transactions: Array<{ __typename: 'Transaction', id: string, type: TransactionType, state: TransactionState, amount: { __typename: 'Money', currencyCode: string, centAmount: number | string } }> } };

export const MyPaymentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MyPaymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MyPayment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"amountPlanned"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fractionDigits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethodInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"paymentInterface"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"nameAllLocales"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastModifiedAt"}}]}}]} as unknown as DocumentNode<MyPaymentFieldsFragment, unknown>;
export const AddOrderPaymentsDocument = {"__meta__":{"hash":"c8474d4cafcc92bc26ac53430a743c30b3130a140d01dbda053d83734818bb11"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddOrderPayments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddOrderPaymentsInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"addOrderPayments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"profileId"}},{"kind":"Field","name":{"kind":"Name","value":"amountRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"paymentResponses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"paymentGroupId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethodType"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"paymentState"}},{"kind":"Field","name":{"kind":"Name","value":"maskedCardNumber"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"uiIntervention"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUrl"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AddOrderPaymentsMutation, AddOrderPaymentsMutationVariables>;
export const CreateMyPaymentDocument = {"__meta__":{"hash":"5651d4d2247551e41bf995c3a26fd2513de7bb9f96e536cc7f6893687a590606"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateMyPayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"draft"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MyPaymentDraft"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"createMyPayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"draft"},"value":{"kind":"Variable","name":{"kind":"Name","value":"draft"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MyPaymentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MyPaymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MyPayment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"amountPlanned"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fractionDigits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethodInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"paymentInterface"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"nameAllLocales"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastModifiedAt"}}]}}]} as unknown as DocumentNode<CreateMyPaymentMutation, CreateMyPaymentMutationVariables>;
export const MyPaymentDocument = {"__meta__":{"hash":"f17eb96639bed3f950b91dbf4a9b3ebffc009038ebacacf06dac7b4ad6f4baa4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyPayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"myPayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MyPaymentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MyPaymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MyPayment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"amountPlanned"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fractionDigits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethodInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"paymentInterface"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"nameAllLocales"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastModifiedAt"}}]}}]} as unknown as DocumentNode<MyPaymentQuery, MyPaymentQueryVariables>;
export const MyPaymentsDocument = {"__meta__":{"hash":"937cdf331a76cac1de280f3b0949acf0c3cf3e89885325c51dd4e68102ae944c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyPayments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"myPayments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MyPaymentFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MyPaymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MyPayment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"amountPlanned"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fractionDigits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethodInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"paymentInterface"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"nameAllLocales"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastModifiedAt"}}]}}]} as unknown as DocumentNode<MyPaymentsQuery, MyPaymentsQueryVariables>;
export const UpdateMyPaymentDocument = {"__meta__":{"hash":"03cbcb4a7bf7416518966701e696903cb24a5a24cf848f9575089a3c1818cd23"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateMyPayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Long"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actions"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MyPaymentUpdateAction"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"updateMyPayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"actions"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actions"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MyPaymentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MyPaymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MyPayment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"amountPlanned"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fractionDigits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethodInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"paymentInterface"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"nameAllLocales"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"centAmount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastModifiedAt"}}]}}]} as unknown as DocumentNode<UpdateMyPaymentMutation, UpdateMyPaymentMutationVariables>;
/** commercetools REST shapes, as the My Payments API sends and accepts them. centAmount is exact: a bigint beyond 2^53. */

export type CtLocalizedString = Record<string, string>;

export interface CtMoney {
  type: 'centPrecision' | 'highPrecision';
  currencyCode: string;
  centAmount: number | bigint;
  fractionDigits: number;
  preciseAmount?: number | bigint;
}

export interface CtCustomFields {
  type: { typeId: 'type'; id: string };
  fields: Record<string, unknown>;
}

export interface CtTransaction {
  id: string;
  timestamp?: string;
  type: string;
  amount: CtMoney;
  state: string;
  interactionId?: string;
  custom?: CtCustomFields;
}

export interface CtPaymentMethodInfo {
  paymentInterface?: string;
  method?: string;
  name?: CtLocalizedString;
  custom?: CtCustomFields;
}

export interface CtMyPayment {
  id: string;
  version: number;
  createdAt?: string;
  lastModifiedAt?: string;
  customer?: { typeId: 'customer'; id: string };
  anonymousId?: string;
  amountPlanned: CtMoney;
  paymentMethodInfo: CtPaymentMethodInfo;
  transactions: CtTransaction[];
  custom?: CtCustomFields;
}

export interface CtPagedQueryResponse {
  limit: number;
  offset: number;
  count: number;
  total?: number;
  results: CtMyPayment[];
}

export interface CtQueryParams {
  where?: string[];
  vars?: Record<string, string[]>;
  sort?: string[];
  limit: number;
  offset: number;
  withTotal: boolean;
}

export interface CtErrorBody {
  statusCode: number;
  message: string;
  errors?: Array<{ code: string; message: string; [field: string]: unknown }>;
  error?: string;
  error_description?: string;
}

/** Money, payment, transaction and custom-field drafts as sent to commercetools. */
export type CtDraft = Record<string, unknown>;
export type CtUpdateAction = { action: string } & Record<string, unknown>;

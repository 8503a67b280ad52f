/** Stored and returned shapes of the emulator; `centAmount` is a bigint so 64-bit amounts stay exact. */
export interface CtMoney {
  type: 'centPrecision';
  currencyCode: string;
  centAmount: bigint;
  fractionDigits: number;
}

export interface CtReference {
  typeId: string;
  id: string;
}

export interface CtCustomFields {
  type: CtReference;
  fields: Record<string, unknown>;
}

export interface CtTransaction {
  id: string;
  timestamp: string;
  type: string;
  amount: CtMoney;
  state: string;
  interactionId?: string;
  custom?: CtCustomFields;
}

export interface CtPaymentMethodInfo {
  paymentInterface?: string;
  method?: string;
  name?: Record<string, string>;
  interfaceAccount?: string;
  custom?: CtCustomFields;
}

export interface CtPayment {
  id: string;
  version: number;
  createdAt: string;
  lastModifiedAt: string;
  amountPlanned: CtMoney;
  customer?: CtReference;
  anonymousId?: string;
  paymentMethodInfo: CtPaymentMethodInfo;
  transactions: CtTransaction[];
  custom?: CtCustomFields;
}

/** Who a token speaks for; every payment belongs to exactly one. */
export type Principal = { kind: 'customer'; id: string } | { kind: 'anonymous'; id: string };

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

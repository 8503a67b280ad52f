/** Stored shapes of the Oracle Commerce agent emulator. Amounts are integer cents (bigint): never floats. */

export interface OccEmulatorOrder {
  id: string;
  profileId: string;
  currencyCode: string;
  totalCents: bigint;
  paymentGroups: OccEmulatorPaymentGroup[];
}

export interface OccEmulatorPaymentGroup {
  id: string;
  type: string;
  paymentMethod: string;
  paymentState: 'INITIAL' | 'AUTHORIZED';
  amountCents: bigint;
  /** Masked only: the emulator never keeps a full card or gift card number. */
  maskedCardNumber?: string;
}

export interface OccEmulatorGiftCard {
  pin: string;
  balanceCents: bigint;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { isLosslessNumber } from 'lossless-json';
import { invalidField, moneyOverflow, requiredField } from './errors.ts';
import { isObject } from './types.ts';
import type { CtMoney } from './types.ts';

const MAX_CENT_AMOUNT = 2n ** 63n - 1n;

/** ISO 4217 minor units that differ from the default of 2. */
const FRACTION_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function fractionDigitsOf(currencyCode: string): number {
  return FRACTION_DIGITS[currencyCode] ?? 2;
}

/** Validates a `{currencyCode, centAmount}` draft found at `field` (a dotted path used in error bodies). */
export function parseMoneyDraft(draft: unknown, field: string): CtMoney {
  if (draft === undefined || draft === null) throw requiredField(field);
  if (!isObject(draft)) throw invalidField(field, draft);
  const { currencyCode, centAmount } = draft;
  if (currencyCode === undefined || currencyCode === null) throw requiredField(`${field}.currencyCode`);
  if (typeof currencyCode !== 'string' || !/^[A-Z]{3}$/.test(currencyCode)) {
    throw invalidField(`${field}.currencyCode`, currencyCode);
  }
  if (centAmount === undefined || centAmount === null) throw requiredField(`${field}.centAmount`);
  const cents = parseCentAmount(centAmount, `${field}.centAmount`);
  return { type: 'centPrecision', currencyCode, centAmount: cents, fractionDigits: fractionDigitsOf(currencyCode) };
}

function parseCentAmount(value: unknown, field: string): bigint {
  // Bodies are parsed with lossless-json, so numbers arrive as their raw digits.
  const raw = isLosslessNumber(value) ? value.toString() : typeof value === 'number' ? String(value) : undefined;
  if (raw === undefined || !/^-?\d+$/.test(raw)) throw invalidField(field, value);
  const cents = BigInt(raw);
  if (cents < 0n) throw invalidField(field, value);
  if (cents > MAX_CENT_AMOUNT) throw moneyOverflow();
  return cents;
}

import { isLosslessNumber, LosslessNumber } from 'lossless-json';
import { invalidInput } from './errors.ts';

const AMOUNT_TEXT = /^\d{1,15}(\.\d{1,2})?$/;

/** `amount` arrives as a string (the vendor's example) or a number (the documented type); both become cents exactly. */
export function parseAmountCents(value: unknown, path: string): bigint {
  const text = typeof value === 'string' ? value.trim() : isLosslessNumber(value) ? value.toString() : undefined;
  if (text === undefined || !AMOUNT_TEXT.test(text)) throw invalidInput('The amount must be a positive number with at most two decimals.', path);
  const [whole = '0', fraction = ''] = text.split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (cents <= 0n) throw invalidInput('The amount must be greater than zero.', path);
  return cents;
}

/** A JSON number written like the real service writes doubles: `55`, `15.5`, `19.55`. */
export function centsToJsonNumber(cents: bigint): LosslessNumber {
  const whole = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return new LosslessNumber(fraction === '' ? whole.toString() : `${whole}.${fraction}`);
}

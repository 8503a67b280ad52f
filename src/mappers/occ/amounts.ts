import { isLosslessNumber } from 'lossless-json';
import { BadUserInputError } from '../../errors/gatewayError.ts';

/**
 * A payment amount as OCC gets it: positive, at most two decimals, written with exactly two ("15.50").
 * Pure string work on the Decimal scalar's text: no binary floating point anywhere.
 */
export function toOccAmount(decimal: string, field: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (match === null) throw new BadUserInputError('The amount must be a decimal number such as "19.50".', field);
  const [, sign = '', whole = '', fraction = ''] = match;
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > 2) throw new BadUserInputError('The amount may have at most two decimals.', field);
  const canonical = `${whole.replace(/^0+(?=\d)/, '')}.${significantFraction.padEnd(2, '0')}`;
  if (sign === '-' || /^0\.00$/.test(canonical)) throw new BadUserInputError('The amount must be greater than zero.', field);
  return canonical;
}

/**
 * An OCC amount (a JSON number kept as its exact text, or a string) as a Decimal with at least two decimals:
 * `55` → "55.00", `15.5` → "15.50", `1.0E7` → "10000000.00". More decimals than two are kept, never rounded.
 */
export function fromOccAmount(value: unknown): string | null {
  const text = isLosslessNumber(value) ? value.toString() : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,3}))?$/.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  // Shift the decimal point by the exponent on the digit string itself.
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const decimals = digits.slice(point).replace(/0+$/, '').padEnd(2, '0');
  return `${sign}${integer}.${decimals}`;
}

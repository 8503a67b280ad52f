import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

/** Integers beyond 2^53 become bigint (centAmount is 64-bit); everything else parses as usual. */
function parseNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number(text);
}

// Exact parsing costs; only pay it when the text holds a number long enough to lose precision.
const LONG_NUMBER = /\d{16}/;

export function parseCtJson(text: string): unknown {
  return LONG_NUMBER.test(text) ? parse(text, null, parseNumber) : JSON.parse(text);
}

/** JSON with bigints written as plain digits. */
export function stringifyCtJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

import { isSafeNumber, parse } from 'lossless-json';

/** 16 or more digits in a token (a decimal point among them): where a double may have dropped some. */
const LONG_DIGIT_RUN = /\d(?:\.?\d){15}/;

/**
 * Whether a JSON text holds a fraction a double cannot hold exactly (`9007199254740991.4`, `19.999999999999999`):
 * `JSON.parse` would round it into a plausible amount. Integers are left to the scalars, which refuse unsafe ones
 * field by field. Most requests have no run of 16 digits and cost one regex test.
 */
export function holdsInexactFraction(json: string): boolean {
  if (!LONG_DIGIT_RUN.test(json)) return false;
  let inexact = false;
  try {
    parse(json, null, (text) => {
      if (!/^-?\d+$/.test(text) && !isSafeNumber(text)) inexact = true;
      return 0;
    });
  } catch {
    // Not JSON: refused as such elsewhere.
  }
  return inexact;
}

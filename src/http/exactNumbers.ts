import { isSafeNumber, parse } from 'lossless-json';

/**
 * A number token (after `:`, `,` or `[`; in a GET's query string also after their percent-encoding) of 16 or
 * more digits, a decimal point among them: where a double may have dropped some. Strings (a card number) do not match.
 */
const LONG_NUMBER_TOKEN = /(?:[:,[]|%3A|%2C|%5B)(?:\s|%20|\+)*-?\d(?:\.?\d){15}/i;

/** One regex test: false means no number in `text` (JSON, or a query string holding it) can be inexact. */
export function mayHoldInexactNumber(text: string): boolean {
  return LONG_NUMBER_TOKEN.test(text);
}

/**
 * Whether a JSON text holds a number a double cannot hold exactly (`9007199254740991.4`, `19.999999999999999`,
 * `90071992547409931`): `JSON.parse` would round it into another, plausible amount. Most requests have no such
 * token and cost one regex test.
 */
export function holdsInexactNumber(json: string): boolean {
  if (!mayHoldInexactNumber(json)) return false;
  let inexact = false;
  try {
    parse(json, null, (text) => {
      if (!isSafeNumber(text)) inexact = true;
      return 0;
    });
  } catch {
    // Not JSON: refused as such elsewhere.
  }
  return inexact;
}

/** Stands in, while a batch is searched, for a number a double cannot hold exactly. */
const INEXACT = Symbol('inexact number');

/**
 * For a JSON array (a batch of operations): which of its elements hold a number a double cannot hold exactly, so that
 * only those operations are refused. One regex test when none may.
 */
export function inexactElements(json: string, count: number): boolean[] {
  if (!mayHoldInexactNumber(json)) return new Array<boolean>(count).fill(false);
  let parsed: unknown;
  try {
    parsed = parse(json, null, (text) => (isSafeNumber(text) ? 0 : INEXACT));
  } catch {
    return new Array<boolean>(count).fill(false);
  }
  return Array.from({ length: count }, (_unused, index) => Array.isArray(parsed) && holdsMarker(parsed[index]));
}

function holdsMarker(value: unknown): boolean {
  if (value === INEXACT) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsMarker);
}

import { isSafeNumber, parse } from 'lossless-json';

/**
 * A number token (after `:`, `,` or `[`; in a GET's query string also after their percent-encoding) of 16 or
 * more digits, a decimal point among them, or with an exponent (`1e400` is Infinity, `1e-400` zero): where a double
 * may have dropped some. Strings (a card number, an id) do not match.
 */
const LONG_NUMBER_TOKEN = /(?:[:,[]|%3A|%2C|%5B)(?:\s|%20|\+)*-?\d(?:(?:\.?\d){15}|[\d.]*e)/i;

/** One regex test: false means no number in `text` (JSON, or a query string holding it) can be inexact. */
export function mayHoldInexactNumber(text: string): boolean {
  return LONG_NUMBER_TOKEN.test(text);
}

/** Stands in, in a text parsed by `marked`, for a number a double cannot hold exactly. */
const INEXACT = Symbol('inexact number');
/** What `marked` gives for a text JSON.parse reads but lossless-json cannot (nesting deep enough to exhaust its stack). */
const UNREADABLE = Symbol('unreadable');

/**
 * Whether a JSON text holds a number a double cannot hold exactly (`9007199254740991.4`, `19.999999999999999`,
 * `90071992547409931`, `1e400`): `JSON.parse` would round it into another, plausible amount. Most requests have no
 * such token and cost one regex test. Not JSON at all: false (refused as such elsewhere).
 */
export function holdsInexactNumber(json: string): boolean {
  if (!mayHoldInexactNumber(json)) return false;
  const parsed = marked(json);
  return parsed === UNREADABLE ? isJson(json) : holdsMarker(parsed);
}

/**
 * For a JSON array (a batch of operations): which of its elements hold a number a double cannot hold exactly, so that
 * only those operations are refused (every one, should the text not be readable number by number).
 */
export function inexactElements(json: string, count: number): boolean[] {
  if (!mayHoldInexactNumber(json)) return new Array<boolean>(count).fill(false);
  const parsed = marked(json);
  return Array.from({ length: count }, (_unused, index) => parsed === UNREADABLE || (Array.isArray(parsed) && holdsMarker(parsed[index])));
}

/**
 * The text as JSON.parse reads it (a repeated key's last value wins), each number a double cannot hold exactly
 * replaced by a marker; when lossless-json cannot read it, UNREADABLE, so that nothing goes unchecked.
 */
function marked(json: string): unknown {
  try {
    return parse(json, null, { parseNumber: (text) => (isSafeNumber(text) ? 0 : INEXACT), onDuplicateKey: ({ newValue }) => newValue });
  } catch {
    return UNREADABLE;
  }
}

function holdsMarker(value: unknown): boolean {
  if (value === INEXACT) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsMarker);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

import { isLosslessNumber } from 'lossless-json';
import { maskCardNumber, mayHoldCardNumber, redactText } from '../../observability/redact.ts';

/** 12 or more digits: a card number, which OCC might echo split by spaces, dashes or dots. */
const CARD_LENGTH = 12;

/**
 * Upstream text with the request's own card data cut out (a card number also when split by single separators,
 * as `4111 1111.1111-1111`), after the usual masking of card-like numbers and credentials.
 */
export function cutSecrets(text: string, secrets: readonly string[], mask = true): string {
  let out = mask ? redactText(text) : text;
  for (const secret of secrets) {
    out = secret.length >= CARD_LENGTH && /^\d+$/.test(secret) ? out.replace(spacedDigits(secret), '[REDACTED]') : out.split(secret).join('[REDACTED]');
  }
  return out;
}

function spacedDigits(digits: string): RegExp {
  return new RegExp(`(?<!\\d)${[...digits].join('[^0-9A-Za-z]?')}(?!\\d)`, 'g');
}

/**
 * OCC's answer with no card data in it, whatever OCC chose to echo: every string has the request's card data cut
 * and card-like numbers masked (addresses keep their digits: a URL or a signature is only cut, never masked), and
 * a number that may be a card number is masked to a string. What comes out is answered and kept.
 */
export function withoutCardData(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return cutSecrets(value, secrets, !/^https?:\/\//i.test(value));
  // Amounts are numbers: only a number as long as a card number can be one (a CVV's digits may well be in an amount).
  if (isLosslessNumber(value)) return mayHoldCardNumber(value.toString()) ? maskCardNumber(value.toString()) : value;
  if (Array.isArray(value)) return value.map((item) => withoutCardData(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutCardData(item, secrets)]));
  }
  return value;
}


import { isLosslessNumber } from 'lossless-json';
import { maskCardNumber, mayHoldCardNumber, redactText } from '../../observability/redact.ts';

/** 12 or more digits: a card number, which OCC might echo split by spaces, dashes or dots. */
const CARD_LENGTH = 12;

const isCardNumber = (secret: string) => secret.length >= CARD_LENGTH && /^\d+$/.test(secret);

/** A card number's digits, single separators allowed between them. */
function spacedDigits(digits: string): RegExp {
  return new RegExp(`(?<!\\d)${[...digits].join('[^0-9A-Za-z]?')}(?!\\d)`, 'g');
}

/** A CVV's or PIN's digits standing alone (`cvv=7319`, `CVV7319`), never inside a longer number (an id, an amount). */
function standalone(secret: string): RegExp {
  return new RegExp(`(?<!\\d)${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`, 'g');
}

/** Identifiers and addresses keep every character but a card number of the request's own, should one be there. */
function cutCardNumbers(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (isCardNumber(secret)) out = out.replace(spacedDigits(secret), '[REDACTED]');
  return out;
}

/**
 * Free upstream text (a message) with the request's card data cut out — a card number also split by single
 * separators (`4111 1111.1111-1111`), a CVV or PIN standing alone — after the usual masking of card-like numbers
 * and credentials.
 */
export function cutSecrets(text: string, secrets: readonly string[]): string {
  let out = cutCardNumbers(redactText(text), secrets);
  for (const secret of secrets) if (!isCardNumber(secret)) out = out.replace(standalone(secret), '[REDACTED]');
  return out;
}

/** The fields of OCC's answer that are free text, where an echo of card data would sit. */
const FREE_TEXT = new Set(['message', 'transaction_state', 'gatewayName', 'customPaymentProperties']);

/**
 * OCC's answer with no card data in it, whatever OCC chose to echo, and every identifier intact. Free text (see
 * FREE_TEXT; in customPaymentProperties keys too) has the request's card data cut and card-like numbers masked,
 * a number there that may be a card number included; ids, signatures and URLs elsewhere only lose a card number of
 * the request's own. What comes out is answered and kept as the idempotency record.
 */
export function withoutCardData(value: unknown, secrets: readonly string[], free = false): unknown {
  if (typeof value === 'string') return free ? cutSecrets(value, secrets) : cutCardNumbers(value, secrets);
  if (isLosslessNumber(value)) return free && mayHoldCardNumber(value.toString()) ? maskCardNumber(value.toString()) : value;
  if (Array.isArray(value)) return value.map((item) => withoutCardData(item, secrets, free));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [free ? cutSecrets(key, secrets) : key, withoutCardData(item, secrets, free || FREE_TEXT.has(key))]),
    );
  }
  return value;
}

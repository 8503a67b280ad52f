import { parse, stringify } from 'lossless-json';
import { maskLikeOcc } from './cards.ts';

/** Fields of an addPayments call that are card data; a recorded body keeps only their last four, or nothing. */
const MASKED_NUMBERS = new Set(['cardNumber', 'giftCardNumber']);
const SECRETS = new Set(['cardCVV', 'giftCardPin', 'password']);
const HIDDEN = '***';

/**
 * A request body as the request history keeps it: card and gift card numbers masked to their last four digits,
 * CVVs, PINs and passwords replaced. A body that is neither JSON nor a form is not kept, as it could hold anything.
 */
export function recordedBody(body: string, contentType: string | undefined): string {
  if (body === '') return body;
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body);
    for (const key of SECRETS) if (form.has(key)) form.set(key, HIDDEN);
    return form.toString();
  }
  let json: unknown;
  try {
    json = parse(body);
  } catch {
    return `[not JSON, ${Buffer.byteLength(body)} bytes, not kept]`;
  }
  return stringify(mask(json)) ?? '';
}

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (MASKED_NUMBERS.has(key)) out[key] = maskLikeOcc(String(child));
    else if (SECRETS.has(key)) out[key] = HIDDEN;
    else out[key] = mask(child);
  }
  return out;
}

/** lossless-json numbers are class instances: kept as they are, so amounts stay exact in the recorded text. */
function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

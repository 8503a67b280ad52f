/** Runs of 12-19 digits, optionally split by spaces or dashes: anything that could be a card number. */
const PAN_LIKE = /(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)/g;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Masks a card number to at most its first six and last four digits. */
export function maskCardNumber(digits: string): string {
  const clean = digits.replace(/\D/g, '');
  if (clean.length < 12) return '*'.repeat(clean.length);
  return clean.slice(0, 6) + '*'.repeat(clean.length - 10) + clean.slice(-4);
}

/** Last line of defence for any text leaving the process: masks card-like digit runs and credentials. */
export function redactText(text: string): string {
  return text.replace(PAN_LIKE, (match) => maskCardNumber(match)).replace(BEARER, '$1 [REDACTED]');
}

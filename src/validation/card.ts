/** Card checks that run before a card number leaves the gateway. They never put the value in a message. */

export function isCardNumber(number: string): boolean {
  return /^\d{12,19}$/.test(number) && passesLuhn(number);
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

export function isCvv(cvv: string): boolean {
  return /^\d{3,4}$/.test(cvv);
}

export function isExpiryMonth(month: number): boolean {
  return Number.isInteger(month) && month >= 1 && month <= 12;
}

export function isExpiryYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1000 && year <= 9999;
}

/** A card is valid through the last day of its expiry month, in UTC; from the first of the next month it has expired. */
export function hasExpired(month: number, year: number, now: Date): boolean {
  const firstInvalidMonth = Date.UTC(year, month, 1); // month is 1-based: Date.UTC(y, 12, 1) is 1 January of y + 1
  return now.getTime() >= firstInvalidMonth;
}

/** Luhn-valid test numbers that make the emulator fail the whole call with each documented payment code. */
export const OCC_TEST_CARDS = {
  processingError: '4000000000511735',
  declined: '4000000000511743',
  completionError: '4000000000511750',
} as const;

export const TEST_CARD_ERROR_CODES: Readonly<Record<string, string>> = {
  [OCC_TEST_CARDS.processingError]: '51173',
  [OCC_TEST_CARDS.declined]: '51174',
  [OCC_TEST_CARDS.completionError]: '51175',
};

/** The emulator shares no code with the gateway (src/validation/card.ts has its own): a bug there must not hide here. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The real service's style: every digit but the last four replaced by `x`. */
export function maskLikeOcc(number: string): string {
  return 'x'.repeat(Math.max(0, number.length - 4)) + number.slice(-4);
}

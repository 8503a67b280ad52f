import { expect } from 'vitest';

/** Values the suites send through the gateway; none may ever appear in a log line. */
export const SECRETS = {
  token: 'tok_live_S3cretBearerValue42',
  cardNumber: '4111111111111111',
  cardNumberSpaced: '4111 1111 1111 1111',
  cvv: '4829',
  giftCardNumber: '6006491286999921',
  pin: '602915',
};

/** Every captured line is free of every secret (digits matched as whole numbers, so timings cannot collide). */
export function expectNoSecrets(lines: readonly string[]): void {
  const patterns = Object.values(SECRETS).map((value) => new RegExp(`(?<![\\d])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d])`));
  const leaks = lines.filter((line) => patterns.some((pattern) => pattern.test(line)));
  expect(leaks).toEqual([]);
}

import { expect } from 'vitest';
import { findLeakingLines } from '../helpers/leakScan.ts';

/** Values the suites send through the gateway; none may ever appear in a log line. */
export const SECRETS = {
  token: 'tok_live_S3cretBearerValue42',
  cardNumber: '4111111111111111',
  cardNumberSpaced: '4111 1111 1111 1111',
  cvv: '4829',
  giftCardNumber: '6006491286999921',
  pin: '602915',
};

/** Every captured line is free of every secret (see leakScan.ts for what counts as an occurrence). */
export function expectNoSecrets(lines: readonly string[]): void {
  expect(findLeakingLines(lines, Object.values(SECRETS))).toEqual([]);
}

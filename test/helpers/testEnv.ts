/**
 * Configuration every test gateway starts from. The card-testing limits (10 failures per order, 30 per caller) would
 * refuse the validation suites' deliberate failures; they are raised here and tested at their defaults in
 * test/rateLimits/, where each case sets them itself.
 */
export const TEST_GATEWAY_ENV: Readonly<Record<string, string>> = {
  PORT: '0',
  LOG_LEVEL: 'debug',
  // No shutdown delay: production-mode tests would otherwise wait 5 s on close.
  SHUTDOWN_DELAY_MS: '0',
  CARD_FAILURES_PER_ORDER: '100000',
  CARD_FAILURES_PER_CALLER: '100000',
};

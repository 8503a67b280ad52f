import { SECRETS } from '../hardening/secrets.ts';
import type { StubHandler } from '../helpers/stubUpstream.ts';

/** A keyed card payment, with the suite's audited card number and CVV. */
export const PAY = /* GraphQL */ `
  mutation Pay($input: AddOrderPaymentsInput!, $key: String) {
    addOrderPayments(input: $input, idempotencyKey: $key) { orderId amountRemaining paymentResponses { paymentGroupId amount paymentState maskedCardNumber } }
  }
`;

export const CARD = { number: SECRETS.cardNumber, cvv: SECRETS.cvv, type: 'visa', nameOnCard: 'Kim', expiryMonth: 12, expiryYear: 2031 };

export function payInput(orderId = 'o-1001', amount = '10.00', card: Record<string, unknown> = CARD) {
  return { orderId, payments: [{ paymentMethodType: 'CARD', amount, card }] };
}

/**
 * Oracle Commerce approving every payment with a new payment group id (pg-1, pg-2, …), so a replay (same id) is
 * told apart from a second charge (next id). `delayMs` keeps each call in flight that long.
 */
export function approving(delayMs = 0): StubHandler {
  let groups = 0;
  return (_req, res, body) => {
    const request = JSON.parse(body) as { orderId: string; payments: Array<{ amount: string }> };
    const answer = () => {
      groups += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          orderId: request.orderId,
          amountRemaining: 0,
          paymentResponses: request.payments.map((payment) => ({
            paymentGroupId: `pg-${groups}`,
            amount: Number(payment.amount),
            paymentState: 'AUTHORIZED',
            maskedCardNumber: 'xxxxxxxxxxxx1111',
          })),
        }),
      );
    };
    if (delayMs === 0) answer();
    else {
      const timer = setTimeout(answer, delayMs);
      res.once('close', () => clearTimeout(timer));
    }
  };
}

/** Oracle Commerce declining the card (51174): a definitive answer. */
export const declining: StubHandler = (_req, res) => {
  res.writeHead(400, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errorCode: '51174', message: 'Your order has not been placed due to a payment error.', status: '400' }));
};

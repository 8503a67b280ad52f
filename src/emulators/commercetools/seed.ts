import type { PaymentStore } from './store.ts';
import type { Principal } from './types.ts';

export const DEMO_EMAIL = 'jen@example.com';
export const DEMO_PASSWORD = 'demo-password';

/**
 * Demo payments go through the same draft validation as API requests, so they are shaped exactly like them.
 * `idFor` gives each a stable id (from the demo seed); returns the customer's payment ids in creation order.
 */
export function seedDemoPayments(store: PaymentStore, customer: Principal, anonymous: Principal, idFor?: (index: number) => string): string[] {
  const drafts: unknown[] = [
    {
      amountPlanned: { currencyCode: 'USD', centAmount: 1000 },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: 'Credit Card', de: 'Kreditkarte' } },
    },
    {
      amountPlanned: { currencyCode: 'EUR', centAmount: 2599 },
      paymentMethodInfo: { paymentInterface: 'ADYEN', method: 'PAYPAL', name: { en: 'PayPal' } },
    },
    {
      // Above 2^31: clients that squeeze cents into a 32-bit int break here.
      amountPlanned: { currencyCode: 'USD', centAmount: 5_000_000_000 },
      paymentMethodInfo: { method: 'BANK_TRANSFER', name: { en: 'Bank transfer' } },
    },
    {
      amountPlanned: { currencyCode: 'EUR', centAmount: 4000 },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD' },
      // Has a transaction, so My Payments can no longer update or delete it.
      transaction: { type: 'Charge', amount: { currencyCode: 'EUR', centAmount: 4000 }, interactionId: 'ch_demo_0001' },
    },
    {
      amountPlanned: { currencyCode: 'USD', centAmount: 1999 },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'GIFT_CARD', name: { en: 'Gift card' } },
      custom: { type: { key: 'payment-extras', typeId: 'type' }, fields: { giftMessage: 'Happy birthday!', loyaltyPoints: 120 } },
    },
  ];
  const ids = drafts.map((draft, index) => store.create(customer, draft, idFor?.(index)).id);
  const anonymousDraft = {
    amountPlanned: { currencyCode: 'EUR', centAmount: 1500 },
    paymentMethodInfo: { method: 'CREDIT_CARD', name: { en: 'Credit Card' } },
  };
  store.create(anonymous, anonymousDraft, idFor?.(drafts.length));
  return ids;
}

import type { OccEmulatorGiftCard, OccEmulatorOrder } from './types.ts';

export const DEMO_AGENT = { username: 'agent@example.com', password: 'demo-agent-password' } as const;
export const DEMO_ORDER = { orderId: 'o80413', profileId: '170309' } as const;

interface OrderSeed {
  id: string;
  profileId: string;
  total: bigint;
  currencyCode: string;
}

const ORDER_SEEDS: OrderSeed[] = [
  // The reference page's request example: 15.50 by gift card + 19.50 by card leaves 55 of 90.
  { id: 'o80413', profileId: '170309', total: 9000n, currencyCode: 'USD' },
  // The reference page's response example: a 55 PayPal payment that is still INITIAL.
  { id: 'o50419', profileId: '110093', total: 5500n, currencyCode: 'USD' },
  // Spare orders of the demo shopper, so demos and tests do not have to share one order's balance.
  ...Array.from({ length: 20 }, (_, i) => ({ id: `o8100${String(i).padStart(2, '0')}`, profileId: '170309', total: 50000n, currencyCode: 'USD' })),
  // Another shopper's order: paying it as 170309 is refused.
  { id: 'o82000', profileId: '280001', total: 7500n, currencyCode: 'EUR' },
];

const GIFT_CARD_SEEDS: Array<[string, OccEmulatorGiftCard]> = [
  ['536564', { pin: '123', balanceCents: 10000n }],
  ['600649', { pin: '4321', balanceCents: 1000n }],
];

export function seedOrders(): Map<string, OccEmulatorOrder> {
  return new Map(
    ORDER_SEEDS.map((seed) => [
      seed.id,
      { id: seed.id, profileId: seed.profileId, currencyCode: seed.currencyCode, totalCents: seed.total, paymentGroups: [] },
    ]),
  );
}

export function seedGiftCards(): Map<string, OccEmulatorGiftCard> {
  return new Map(GIFT_CARD_SEEDS.map(([number, card]) => [number, { ...card }]));
}

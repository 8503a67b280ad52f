/** What the explorers preload: the demo credentials and a payment to look at, when the emulators are embedded. */
export interface ExplorerDemo {
  /** HTTP headers every preloaded operation is sent with, e.g. `Authorization: Bearer …`. */
  headers: Record<string, string>;
  /** One of the demo shopper's payments, for the `MyPayment` and `UpdateMyPayment` operations. */
  paymentId: string | undefined;
}

/** Against real upstreams the explorers still load, with placeholders that say which token goes where. */
export const PLACEHOLDER_DEMO: ExplorerDemo = {
  headers: { Authorization: 'Bearer <commercetools customer token>', 'X-OCC-Authorization': 'Bearer <Oracle Commerce agent token>' },
  paymentId: undefined,
};

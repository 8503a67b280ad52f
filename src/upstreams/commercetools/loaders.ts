import DataLoader from 'dataloader';
import type { OperationTrace } from '../../observability/tracing/types.ts';
import { callerWithTrace } from '../caller.ts';
import type { CommercetoolsClient, CtCaller } from './client.ts';
import type { CtMyPayment } from './types.ts';

/** commercetools allows at most 500 results per query, so one batch never asks for more ids than that. */
export const MAX_IDS_PER_QUERY = 500;

export interface CommercetoolsLoaders {
  /** id → the caller's payment, or null when it does not exist or is someone else's. */
  paymentById: DataLoader<string, CtMyPayment | null>;
}

/** Created per request and bound to that request's caller, so no two tokens ever share a cached payment. */
export function createCommercetoolsLoaders(
  client: CommercetoolsClient,
  caller: CtCaller,
  onBatch?: (size: number) => void,
  trace?: OperationTrace,
): CommercetoolsLoaders {
  return {
    paymentById: new DataLoader<string, CtMyPayment | null>(
      async (ids) => {
        onBatch?.(ids.length);
        // One span per batch, under the operation: a batch serves every root field that asked for a payment.
        if (trace?.recording) return trace.batch('paymentById', ids.length, (parent) => loadPayments(client, ids, callerWithTrace(caller, parent)));
        return loadPayments(client, ids, caller);
      },
      { maxBatchSize: MAX_IDS_PER_QUERY },
    ),
  };
}

async function loadPayments(client: CommercetoolsClient, ids: readonly string[], caller: CtCaller): Promise<(CtMyPayment | null)[]> {
  const payments = await client.getByIds(caller, ids);
  const byId = new Map(payments.map((payment) => [payment.id, payment]));
  return ids.map((id) => byId.get(id) ?? null);
}

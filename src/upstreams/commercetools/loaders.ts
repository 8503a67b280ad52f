import DataLoader from 'dataloader';
import type { OperationTrace } from '../../observability/tracing/types.ts';
import { callerWithTrace } from '../caller.ts';
import type { CommercetoolsClient, CtCaller } from './client.ts';
import type { CtMyPayment } from './types.ts';

/** commercetools allows at most 500 results per query, so one batch never asks for more ids than that. */
export const MAX_IDS_PER_QUERY = 500;

/**
 * Bytes of `var.ids` parameters in one query's URL. Proxies and servers commonly refuse request lines past 8 KB
 * (and Node's own server all headers past 16 KB): 6 KB holds 136 UUIDs, so a router's 100 representations are
 * still one call, and a batch of 500 becomes four calls in parallel.
 */
export const MAX_ID_PARAMS_BYTES = 6144;

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

async function loadPayments(client: CommercetoolsClient, ids: readonly string[], caller: CtCaller): Promise<(CtMyPayment | null | Error)[]> {
  const parts = withinUrlBudget(ids);
  const outcomes = await Promise.allSettled(parts.map((part) => client.getByIds(caller, part)));
  const byId = new Map<string, CtMyPayment | Error>();
  parts.forEach((part, index) => {
    const outcome = outcomes[index]!;
    // A failed call fails only the ids it asked for (with the client's typed error).
    if (outcome.status === 'rejected') for (const id of part) byId.set(id, outcome.reason as Error);
    else for (const payment of outcome.value) byId.set(payment.id, payment);
  });
  return ids.map((id) => byId.get(id) ?? null);
}

/** The ids in runs whose `var.ids` parameters fit MAX_ID_PARAMS_BYTES (ids are checked: nothing to percent-encode). */
function withinUrlBudget(ids: readonly string[]): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let bytes = 0;
  for (const id of ids) {
    const size = '&var.ids='.length + id.length;
    if (part.length > 0 && bytes + size > MAX_ID_PARAMS_BYTES) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(id);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** One operation of a batch, answered as it would be alone (its status is the batch's 200). */
export interface BatchPart {
  headers: Iterable<[string, string]>;
  text: string;
}

export interface BatchOptions {
  maxOperations: number;
  /** Counts a batch's operations after its first (counted with the request); true when refused (and answered). */
  refusedByRateLimits(req: IncomingMessage, res: ServerResponse, requestId: string, started: number, furtherOperations: number): Promise<boolean>;
}

/** Why a batch is refused whole, before any of it runs (HTTP 400); undefined when it may run. */
export function batchRefusal(operations: unknown[], maxOperations: number, headers: IncomingHttpHeaders): string | undefined {
  if (operations.length === 0 || operations.length > maxOperations) {
    return `A batch holds 1 to ${maxOperations} operations (MAX_BATCH_OPERATIONS); this one holds ${operations.length}.`;
  }
  if (operations.some(Array.isArray)) return 'Each operation of a batch is one JSON object, not a batch.';
  if (operations.length > 1 && headers['idempotency-key'] !== undefined) {
    return 'The Idempotency-Key header cannot say which operation of a batch it belongs to: give each payment mutation its own idempotencyKey argument.';
  }
  return undefined;
}

/** Set per operation, but true of a batch only when true of each: the batch is a replay only if all of it was. */
const ALL_OR_NOTHING = 'idempotent-replayed';
/** Written for the batch itself. */
const BATCH_OWN = new Set(['content-length', 'content-type', 'cache-control', 'retry-after', ALL_OR_NOTHING]);

/**
 * A JSON-array batch (Apollo Kotlin's and iOS's HTTP batching) runs as that many requests, each with its own context,
 * document rules, limits, marks and log line, and is answered as one JSON array. Always HTTP 200: those clients fail
 * every operation of a batch answered otherwise, and a payment that went through must not be reported as failed.
 * `Idempotent-Replayed` only when every operation was replayed whole; the longest `Retry-After` of any.
 */
export async function answerBatch(res: ServerResponse, operations: unknown[], runOne: (operation: unknown, index: number) => Promise<BatchPart>, contentType: string): Promise<void> {
  const parts = await Promise.all(operations.map((operation, index) => runOne(operation, index)));
  const headers = new Map<string, string>();
  let replayed = 0;
  let retryAfter = 0;
  for (const part of parts) {
    for (const [name, value] of part.headers) {
      const lower = name.toLowerCase();
      if (lower === ALL_OR_NOTHING && value === 'true') replayed += 1;
      else if (lower === 'retry-after') retryAfter = Math.max(retryAfter, Number(value) || 0);
      else if (!BATCH_OWN.has(lower)) headers.set(lower, value);
    }
  }
  if (replayed === parts.length) headers.set(ALL_OR_NOTHING, 'true');
  if (retryAfter > 0) headers.set('retry-after', String(retryAfter));
  headers.set('content-type', contentType);
  headers.set('cache-control', 'no-store');
  for (const [name, value] of headers) res.setHeader(name, value);
  res.statusCode = 200;
  res.end(`[${parts.map((part) => part.text.trimEnd()).join(',')}]\n`);
}

/**
 * What resolvers add to the HTTP answer beyond the GraphQL result: a replayed idempotent result, a rate limit's or a
 * busy idempotency key's status and Retry-After. Set on the request's context; Apollo's pipeline (responseMarksPlugin) and the fast path
 * both apply them through the functions below, so the two engines answer alike.
 */
export interface ResponseMarks {
  /** Mutations answered with their stored idempotent result instead of running. */
  replays: number;
  /** A mutation of the operation was not a replay: the answer is then no replay, though another field of it may be. */
  notReplayed: boolean;
  /** HTTP 429 and its Retry-After, when a rate limit refused part of the operation. */
  retryAfterSeconds: number | undefined;
  /**
   * HTTP 409 and its Retry-After, when a mutation's idempotency key was still in use by a request running elsewhere
   * (as the IETF Idempotency-Key draft and Stripe answer): HTTP retry interceptors of mobile clients wait and ask again.
   */
  keyInUseRetryAfterSeconds: number | undefined;
}

export function createResponseMarks(): ResponseMarks {
  return { replays: 0, notReplayed: false, retryAfterSeconds: undefined, keyInUseRetryAfterSeconds: undefined };
}

/**
 * A rate limit's 429, else a key in use's 409, but only when nothing of the operation reached an upstream or was
 * replayed (`dispatched`: the context's upstream calls): beside a payment that went through, the answer stays 200 (its
 * Retry-After kept), or a client that reads no body on an error status would report that payment as failed.
 */
export function statusFromMarks(marks: ResponseMarks, status: number, dispatched: number): number {
  if (dispatched > 0 || marks.replays > 0) return status;
  if (marks.retryAfterSeconds !== undefined) return 429;
  return marks.keyInUseRetryAfterSeconds !== undefined ? 409 : status;
}

/** Whether the marks ask the client to retry later (a Retry-After, and maybe the status). */
export function asksToRetry(marks: ResponseMarks): boolean {
  return marks.retryAfterSeconds !== undefined || marks.keyInUseRetryAfterSeconds !== undefined;
}

/** The whole answer was replayed: every mutation in it came from its stored result. */
export function replayedWhole(marks: ResponseMarks): boolean {
  return marks.replays > 0 && !marks.notReplayed;
}

export function headersFromMarks(marks: ResponseMarks): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  if (replayedWhole(marks)) headers.push(['idempotent-replayed', 'true']);
  if (asksToRetry(marks)) headers.push(['retry-after', String(Math.max(marks.retryAfterSeconds ?? 0, marks.keyInUseRetryAfterSeconds ?? 0))]);
  return headers;
}

/** Merged into the response's top-level `extensions`. */
export function extensionsFromMarks(marks: ResponseMarks, extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!replayedWhole(marks)) return extensions;
  return { ...extensions, idempotentReplayed: true };
}

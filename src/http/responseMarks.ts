/**
 * What resolvers add to the HTTP answer beyond the GraphQL result: a replayed idempotent result, a rate limit's
 * status and Retry-After. Set on the request's context; Apollo's pipeline (responseMarksPlugin) and the fast path
 * both apply them through the functions below, so the two engines answer alike.
 */
export interface ResponseMarks {
  /** Mutations answered with their stored idempotent result instead of running. */
  replays: number;
  /** A mutation of the operation was not a replay: the answer is then no replay, though another field of it may be. */
  notReplayed: boolean;
  /** HTTP 429 and its Retry-After, when a rate limit refused part of the operation. */
  retryAfterSeconds: number | undefined;
}

export function createResponseMarks(): ResponseMarks {
  return { replays: 0, notReplayed: false, retryAfterSeconds: undefined };
}

export function statusFromMarks(marks: ResponseMarks, status: number): number {
  return marks.retryAfterSeconds !== undefined ? 429 : status;
}

/** The whole answer was replayed: every mutation in it came from its stored result. */
export function replayedWhole(marks: ResponseMarks): boolean {
  return marks.replays > 0 && !marks.notReplayed;
}

export function headersFromMarks(marks: ResponseMarks): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  if (replayedWhole(marks)) headers.push(['idempotent-replayed', 'true']);
  if (marks.retryAfterSeconds !== undefined) headers.push(['retry-after', String(marks.retryAfterSeconds)]);
  return headers;
}

/** Merged into the response's top-level `extensions`. */
export function extensionsFromMarks(marks: ResponseMarks, extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!replayedWhole(marks)) return extensions;
  return { ...extensions, idempotentReplayed: true };
}

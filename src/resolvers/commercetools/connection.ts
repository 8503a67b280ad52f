import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { CtMyPayment } from '../../upstreams/commercetools/types.ts';
import type { CursorScope } from './cursor.ts';

/** commercetools' documented bound: at most 500 per page. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 20;

/** What the MyPaymentConnection resolvers read: one upstream page and what is known around it. */
export interface MyPaymentPage {
  payments: CtMyPayment[];
  scope: CursorScope;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Null when `withTotal: false`; asked for only when `totalCount` is selected. */
  total(): Promise<number | null>;
}

export interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageRequest {
  size: number;
  direction: 'forward' | 'backward';
  /** The `after` (forward) or `before` (backward) cursor. */
  cursor: string | undefined;
}

/** Validates Relay paging arguments before any upstream call. */
export function pageRequest(args: PagingArgs): PageRequest {
  if (args.first != null && args.last != null) throw new BadUserInputError('Give "first" or "last", not both.', 'first');
  if (args.after != null && args.before != null) throw new BadUserInputError('Give "after" or "before", not both.', 'after');
  if (args.last != null || args.before != null) {
    if (args.after != null) throw new BadUserInputError('"after" pages forwards; use it with "first".', 'after');
    if (args.first != null) throw new BadUserInputError('"before" pages backwards; use it with "last".', 'first');
    return { size: checkedSize(args.last ?? DEFAULT_PAGE_SIZE, 'last'), direction: 'backward', cursor: args.before ?? undefined };
  }
  return { size: checkedSize(args.first ?? DEFAULT_PAGE_SIZE, 'first'), direction: 'forward', cursor: args.after ?? undefined };
}

function checkedSize(size: number, argument: 'first' | 'last'): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"${argument}" must be between 1 and ${MAX_PAGE_SIZE}.`, argument);
  }
  return size;
}

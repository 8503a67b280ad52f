import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { CtMyPayment } from '../../upstreams/commercetools/types.ts';

/** commercetools' documented bounds: at most 500 per page, offsets up to 10,000. */
export const MAX_PAGE_SIZE = 500;
export const MAX_OFFSET = 10_000;
export const DEFAULT_PAGE_SIZE = 20;

/** What the MyPaymentConnection resolvers read: one upstream page and where it sits. */
export interface MyPaymentPage {
  payments: CtMyPayment[];
  startOffset: number;
  total: number | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const CURSOR_PREFIX = 'mp1:';

/** Opaque to clients; an offset inside, so any page can be addressed in one upstream call. */
export function encodeCursor(offset: number): string {
  return Buffer.from(CURSOR_PREFIX + offset).toString('base64url');
}

export function decodeCursor(cursor: string, argument: 'after' | 'before'): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new BadUserInputError(`"${argument}" is not a cursor this API issued.`, argument);
  return offset;
}

export interface PageWindow {
  /** Offset of the first payment to fetch, or undefined when it depends on the total (last without before). */
  offset: number | undefined;
  limit: number;
  direction: 'forward' | 'backward';
}

export interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Validates Relay paging arguments and turns them into an offset window, before any upstream call. */
export function pageWindow(args: PagingArgs): PageWindow {
  if (args.first != null && args.last != null) throw new BadUserInputError('Give "first" or "last", not both.', 'first');
  if (args.after != null && args.before != null) throw new BadUserInputError('Give "after" or "before", not both.', 'after');
  if (args.last != null || args.before != null) {
    const size = checkedSize(args.last ?? DEFAULT_PAGE_SIZE, 'last');
    if (args.after != null) throw new BadUserInputError('"after" pages forwards; use it with "first".', 'after');
    if (args.before == null) return { offset: undefined, limit: size, direction: 'backward' };
    const end = decodeCursor(args.before, 'before');
    const start = Math.max(0, end - size);
    return { offset: checkedOffset(start, 'before'), limit: end - start, direction: 'backward' };
  }
  const size = checkedSize(args.first ?? DEFAULT_PAGE_SIZE, 'first');
  const offset = args.after == null ? 0 : decodeCursor(args.after, 'after') + 1;
  return { offset: checkedOffset(offset, 'after'), limit: size, direction: 'forward' };
}

function checkedSize(size: number, argument: 'first' | 'last'): number {
  if (size < 0 || size > MAX_PAGE_SIZE) throw new BadUserInputError(`"${argument}" must be between 0 and ${MAX_PAGE_SIZE}.`, argument);
  return size;
}

function checkedOffset(offset: number, argument: 'after' | 'before'): number {
  if (offset > MAX_OFFSET) {
    throw new BadUserInputError(`commercetools cannot page past offset ${MAX_OFFSET}; narrow the query with "where" instead.`, argument);
  }
  return offset;
}

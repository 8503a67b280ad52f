import { BadUserInputError } from '../errors/gatewayError.ts';

/**
 * Bounds on what a client may send towards commercetools, defined once. commercetools ids are UUIDs and its keys
 * are `[A-Za-z0-9_-]{2,256}`; an id of that charset is also safe in a URL path segment as it is, so `..`, `/`
 * or `%2F` can never change which endpoint is called. Query strings are bounded because they become a GET URL
 * (proxies and commercetools refuse URLs beyond a few KB).
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
export const MAX_ID_LENGTH = 256;
/** UTF-8 bytes of one `where` predicate; percent-encoding can triple it in the URL. */
export const MAX_WHERE_BYTES = 2048;
/** The sortable fields (five) each once, plus room for spacing. */
export const MAX_SORT_ENTRIES = 5;
export const MAX_SORT_ENTRY_LENGTH = 64;

/** Refuses anything that cannot be a commercetools id, before it reaches a URL. */
export function checkId(id: string, field: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new BadUserInputError(
      `"${field}" is not a payment id: 1 to ${MAX_ID_LENGTH} characters from A-Z, a-z, 0-9, "_" and "-".`,
      field,
    );
  }
  return id;
}

export function checkWhere(where: string, field = 'where'): string {
  if (Buffer.byteLength(where, 'utf8') > MAX_WHERE_BYTES) {
    throw new BadUserInputError(`"${field}" is longer than ${MAX_WHERE_BYTES} bytes; narrow the predicate.`, field);
  }
  if (where.trim() === '') throw new BadUserInputError(`"${field}" must not be blank.`, field);
  return where;
}

export function checkSortLength(sort: readonly string[]): void {
  if (sort.length > MAX_SORT_ENTRIES) throw new BadUserInputError(`Give at most ${MAX_SORT_ENTRIES} "sort" expressions.`, 'sort');
  sort.forEach((entry, index) => {
    if (entry.length > MAX_SORT_ENTRY_LENGTH) {
      throw new BadUserInputError(`A sort expression has at most ${MAX_SORT_ENTRY_LENGTH} characters.`, `sort[${index}]`);
    }
  });
}

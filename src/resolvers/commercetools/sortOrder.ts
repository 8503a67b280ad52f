import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { CtMyPayment } from '../../upstreams/commercetools/types.ts';
import { checkSortLength } from '../../validation/commercetoolsInput.ts';

export type SortDirection = 'asc' | 'desc';

/** How a sort field's value is read from a payment, written in a cursor and compared in a predicate. */
export interface SortField {
  name: string;
  /** `['amountPlanned', 'centAmount']` becomes the predicate `amountPlanned(centAmount > :v)`. */
  path: readonly string[];
  kind: 'datetime' | 'integer' | 'id';
  read(payment: CtMyPayment): string | number | bigint | undefined;
}

export interface SortKey {
  field: SortField;
  direction: SortDirection;
}

/**
 * The fields `myPayments(sort:)` accepts: every one is set on every payment, so a cursor can always hold the
 * last row's value, and commercetools can sort and compare on each.
 */
export const SORT_FIELDS: Readonly<Record<string, SortField>> = {
  createdAt: { name: 'createdAt', path: ['createdAt'], kind: 'datetime', read: (p) => p.createdAt },
  lastModifiedAt: { name: 'lastModifiedAt', path: ['lastModifiedAt'], kind: 'datetime', read: (p) => p.lastModifiedAt },
  id: { name: 'id', path: ['id'], kind: 'id', read: (p) => p.id },
  version: { name: 'version', path: ['version'], kind: 'integer', read: (p) => p.version },
  'amountPlanned.centAmount': {
    name: 'amountPlanned.centAmount',
    path: ['amountPlanned', 'centAmount'],
    kind: 'integer',
    read: (p) => p.amountPlanned.centAmount,
  },
};

const ID_FIELD = SORT_FIELDS.id!;
const DEFAULT_SORT: readonly SortKey[] = [{ field: SORT_FIELDS.createdAt!, direction: 'asc' }];

/**
 * `["amountPlanned.centAmount desc", "createdAt"]` → keys, ending with `id asc` unless id is already a key:
 * the id makes every position unique, so a page boundary never splits or repeats equal rows.
 */
export function parseSortOrder(sort: readonly string[]): SortKey[] {
  checkSortLength(sort);
  const keys = sort.length === 0 ? [...DEFAULT_SORT] : sort.map(parseSortEntry);
  keys.forEach((key, index) => {
    if (keys.findIndex((other) => other.field === key.field) !== index) {
      throw new BadUserInputError(`"${key.field.name}" is sorted on twice.`, `sort[${index}]`);
    }
  });
  const byId = keys.findIndex((key) => key.field === ID_FIELD);
  return byId === -1 ? [...keys, { field: ID_FIELD, direction: 'asc' }] : keys.slice(0, byId + 1);
}

function parseSortEntry(entry: string, index: number): SortKey {
  const [name = '', direction = 'asc', extra] = entry.trim().split(/\s+/);
  const field = Object.hasOwn(SORT_FIELDS, name) ? SORT_FIELDS[name] : undefined;
  if (field === undefined || extra !== undefined || (direction !== 'asc' && direction !== 'desc')) {
    throw new BadUserInputError(
      `"sort[${index}]" must be "<field> asc" or "<field> desc" with a field among ${Object.keys(SORT_FIELDS).join(', ')}.`,
      `sort[${index}]`,
    );
  }
  return { field, direction };
}

export function reversed(keys: readonly SortKey[]): SortKey[] {
  return keys.map((key) => ({ field: key.field, direction: key.direction === 'asc' ? 'desc' : 'asc' }));
}

/** What commercetools receives as `sort` parameters. */
export function sortParams(keys: readonly SortKey[]): string[] {
  return keys.map((key) => `${key.field.name} ${key.direction}`);
}

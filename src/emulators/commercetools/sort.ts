import { invalidInput } from './errors.ts';
import type { CtPayment } from './types.ts';

type SortKey = (p: CtPayment) => string | number | bigint;

const SORT_FIELDS: Record<string, SortKey> = {
  id: (p) => p.id,
  createdAt: (p) => p.createdAt,
  lastModifiedAt: (p) => p.lastModifiedAt,
  version: (p) => p.version,
  'amountPlanned.centAmount': (p) => p.amountPlanned.centAmount,
};

export type PaymentComparator = (a: CtPayment, b: CtPayment) => number;

/** Builds the order from `sort` parameters (`field [asc|desc]`, first is most significant); ties fall back to id. */
export function parseSort(sorts: readonly string[]): PaymentComparator {
  const keys = sorts.length > 0 ? sorts.map(parseOne) : [parseOne('createdAt asc')];
  return (a, b) => {
    for (const { key, direction } of keys) {
      const order = compareValues(key(a), key(b));
      if (order !== 0) return order * direction;
    }
    return compareValues(a.id, b.id);
  };
}

function parseOne(text: string): { key: SortKey; direction: 1 | -1 } {
  const parts = text.trim().split(/\s+/);
  const [name = '', dir = 'asc', extra] = parts;
  const key = Object.hasOwn(SORT_FIELDS, name) ? SORT_FIELDS[name] : undefined;
  if (!key) throw invalidInput(`Malformed parameter: sort: Unknown sort field '${name}' in '${text}'.`);
  const direction = dir.toLowerCase();
  if (extra !== undefined || (direction !== 'asc' && direction !== 'desc')) {
    throw invalidInput(`Malformed parameter: sort: Invalid sort expression '${text}'; expected '<field> asc|desc'.`);
  }
  return { key, direction: direction === 'asc' ? 1 : -1 };
}

function compareValues(a: string | number | bigint, b: string | number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

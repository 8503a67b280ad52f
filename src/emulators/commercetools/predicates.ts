import { parsePredicate } from './predicateParser.ts';
import type { FieldSpec, Literal, PredicateNode } from './predicateParser.ts';
import { isObject } from './types.ts';

export type { PredicateNode } from './predicateParser.ts';

const str: FieldSpec = { kind: 'leaf', type: 'string' };
const num: FieldSpec = { kind: 'leaf', type: 'number' };
const dateTime: FieldSpec = { kind: 'leaf', type: 'datetime' };
const open: FieldSpec = { kind: 'open' };
const obj = (fields: Record<string, FieldSpec>): FieldSpec => ({ kind: 'object', fields });

const MONEY = obj({ type: str, currencyCode: str, centAmount: num, fractionDigits: num });
const REFERENCE = obj({ typeId: str, id: str });
const CUSTOM = obj({ type: REFERENCE, fields: open });

/** The queryable fields of a MyPayment; dates are stored as ISO strings and compare as instants. */
export const PAYMENT_FIELDS: FieldSpec = obj({
  id: str,
  version: num,
  createdAt: dateTime,
  lastModifiedAt: dateTime,
  amountPlanned: MONEY,
  customer: REFERENCE,
  anonymousId: str,
  paymentMethodInfo: obj({ paymentInterface: str, method: str, name: open, interfaceAccount: str, custom: CUSTOM }),
  transactions: {
    kind: 'array',
    element: obj({ id: str, timestamp: dateTime, type: str, amount: MONEY, state: str, interactionId: str, custom: CUSTOM }),
  },
  custom: CUSTOM,
});

/** Parses every `where` parameter; they are ANDed by the caller. */
export function parseWhere(wheres: readonly string[], vars: ReadonlyMap<string, string[]>): PredicateNode[] {
  return wheres.map((text) => parsePredicate(text, PAYMENT_FIELDS, vars));
}

export function matches(node: PredicateNode, target: object): boolean {
  const value = 'field' in node ? field(target, node.field) : undefined;
  switch (node.kind) {
    case 'and':
      return matches(node.left, target) && matches(node.right, target);
    case 'or':
      return matches(node.left, target) || matches(node.right, target);
    case 'not':
      return !matches(node.expr, target);
    case 'nested':
      // On an array (transactions) the condition holds if any element satisfies it.
      if (Array.isArray(value)) return value.some((el) => isObject(el) && matches(node.expr, el));
      return isObject(value) && matches(node.expr, value);
    case 'compare':
      return anyElement(value, (v) => {
        const order = compare(v, node.value);
        if (order === undefined) return false;
        switch (node.op) {
          case '=': return order === 0;
          case '!=': return order !== 0;
          case '<': return order < 0;
          case '>': return order > 0;
          case '<=': return order <= 0;
          case '>=': return order >= 0;
        }
      });
    case 'in': {
      if (value === undefined || value === null) return false;
      const found = anyElement(value, (v) => node.values.some((lit) => compare(v, lit) === 0));
      return node.negated ? !found : found;
    }
    case 'defined': {
      const defined = value !== undefined && value !== null;
      return node.negated ? !defined : defined;
    }
    case 'empty': {
      const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
      return node.negated ? !empty : empty;
    }
    case 'contains': {
      const items: unknown[] = Array.isArray(value) ? value : [];
      const has = (lit: Literal): boolean => items.some((v) => compare(v, lit) === 0);
      return node.mode === 'any' ? node.values.some(has) : node.values.every(has);
    }
  }
}

function field(target: object, name: string): unknown {
  return Object.hasOwn(target, name) ? (target as Record<string, unknown>)[name] : undefined;
}

function anyElement(value: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(value) ? value.some(test) : test(value);
}

/** Three-way comparison, or undefined when the values are of different kinds (that never matches). */
function compare(actual: unknown, literal: Literal): number | undefined {
  if (literal instanceof Date) {
    const instant = typeof actual === 'string' ? Date.parse(actual) : Number.NaN;
    return Number.isNaN(instant) ? undefined : Math.sign(instant - literal.getTime());
  }
  if (isNumeric(actual) && isNumeric(literal)) {
    // Whole numbers compare as bigint so 64-bit centAmounts stay exact.
    if (isWhole(actual) && isWhole(literal)) {
      const a = BigInt(actual);
      const b = BigInt(literal);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return Math.sign(Number(actual) - Number(literal));
  }
  if (typeof actual === 'string' && typeof literal === 'string') return actual < literal ? -1 : actual > literal ? 1 : 0;
  if (typeof actual === 'boolean' && typeof literal === 'boolean') return Number(actual) - Number(literal);
  return undefined;
}

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
}

function isWhole(value: number | bigint): boolean {
  return typeof value === 'bigint' || Number.isInteger(value);
}

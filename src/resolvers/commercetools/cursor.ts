import { createHash } from 'node:crypto';
import { BadUserInputError, UpstreamError } from '../../errors/gatewayError.ts';
import type { CtMyPayment } from '../../upstreams/commercetools/types.ts';
import { ID_PATTERN } from '../../validation/commercetoolsInput.ts';
import { sortParams, type SortField, type SortKey } from './sortOrder.ts';

const VERSION = 'k1';
/** Five sort values, an id and the binding fit well within this. */
export const MAX_CURSOR_LENGTH = 1024;

/** The ordering and filter a cursor belongs to; a cursor used with another is refused. */
export interface CursorScope {
  keys: readonly SortKey[];
  binding: string;
}

export function cursorScope(keys: readonly SortKey[], where: string | undefined): CursorScope {
  // A digest, not a secret: a cursor carries no authority (the values go upstream as typed input variables).
  const binding = createHash('sha256').update(JSON.stringify([sortParams(keys), where ?? null])).digest('base64url').slice(0, 16);
  return { keys, binding };
}

/** A row's position: its value of every sort key, the id last. */
export type Position = readonly string[];

export function positionOf(scope: CursorScope, payment: CtMyPayment): Position {
  return scope.keys.map(({ field }) => {
    const value = field.read(payment);
    if (value === undefined || !isValidValue(field, String(value))) {
      throw new UpstreamError('commercetools', `commercetools answered a payment without a usable "${field.name}".`);
    }
    return String(value);
  });
}

/** Opaque base64url of `[version, binding, ...values]`. */
export function encodeCursor(scope: CursorScope, position: Position): string {
  return Buffer.from(JSON.stringify([VERSION, scope.binding, ...position])).toString('base64url');
}

/** Accepts only a cursor this API issued for this sort and filter: decoded, checked and encoded again to the same text. */
export function decodeCursor(cursor: string, scope: CursorScope, argument: 'after' | 'before'): Position {
  const notOurs = () => new BadUserInputError(`"${argument}" is not a cursor this API issued.`, argument);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw notOurs();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  if (!Array.isArray(parsed) || parsed[0] !== VERSION || !parsed.every((item) => typeof item === 'string')) throw notOurs();
  const [, binding, ...values] = parsed as string[];
  if (binding !== scope.binding) {
    throw new BadUserInputError(`"${argument}" belongs to another "sort" or "where"; start again without a cursor.`, argument);
  }
  if (values.length !== scope.keys.length || !values.every((value, index) => isValidValue(scope.keys[index]!.field, value))) throw notOurs();
  if (encodeCursor(scope, values) !== cursor) throw notOurs();
  return values;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const INTEGER = /^(0|-?[1-9]\d{0,18})$/;

function isValidValue(field: SortField, value: string): boolean {
  switch (field.kind) {
    case 'datetime':
      return DATETIME.test(value) && !Number.isNaN(Date.parse(value));
    case 'integer':
      return INTEGER.test(value);
    case 'id':
      return ID_PATTERN.test(value);
  }
}

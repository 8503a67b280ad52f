import type { Position } from './cursor.ts';
import type { SortKey } from './sortOrder.ts';

/** A `where` predicate and the `var.*` input variables it names. */
export interface KeysetPredicate {
  where: string;
  vars: Record<string, string[]>;
}

/** Never a client's text: the values travel as commercetools input variables, typed by the field they meet. */
const VAR_PREFIX = 'gwKeyset';

/**
 * Rows strictly after `position` in the order of `keys`:
 * `(k1 > v1) or (k1 = v1 and k2 > v2) or … or (k1 = v1 and … and id > vN)`, `<` for descending keys.
 */
export function afterPosition(keys: readonly SortKey[], position: Position): KeysetPredicate {
  const vars: Record<string, string[]> = {};
  const names = position.map((value, index) => {
    const name = `${VAR_PREFIX}${index}`;
    vars[name] = [value];
    return name;
  });
  const terms = keys.map((key, index) => {
    const equal = keys.slice(0, index).map((earlier, j) => condition(earlier.field.path, '=', names[j]!));
    const beyond = condition(key.field.path, key.direction === 'asc' ? '>' : '<', names[index]!);
    return [...equal, beyond].join(' and ');
  });
  return { where: terms.map((term) => `(${term})`).join(' or '), vars };
}

/** Rows at or before `position`: whatever `afterPosition` leaves out. */
export function notAfterPosition(keys: readonly SortKey[], position: Position): KeysetPredicate {
  const after = afterPosition(keys, position);
  return { where: `not (${after.where})`, vars: after.vars };
}

/** `amountPlanned(centAmount > :v)` for a nested field, `createdAt > :v` for a top-level one. */
function condition(path: readonly string[], op: '=' | '<' | '>', variable: string): string {
  const [head, ...rest] = path;
  return rest.length === 0 ? `${head} ${op} :${variable}` : `${head}(${condition(rest, op, variable)})`;
}

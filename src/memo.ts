/** A memo holds at most this many entries: it serves the few distinct strings a gateway sees (accept headers, addresses, operation names). */
const MAX_REMEMBERED = 256;

/** `compute()` for `key`, kept in `memo` (emptied when it reaches MAX_REMEMBERED entries: few distinct keys are expected). */
export function remembered<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (memo.size >= MAX_REMEMBERED) memo.clear();
  memo.set(key, value);
  return value;
}

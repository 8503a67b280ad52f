/** A memo holds at most this many entries: it serves the few distinct strings a gateway sees (accept headers, addresses, operation names). */
const MAX_REMEMBERED = 256;

/**
 * `compute()` for `key`, kept in `memo` (emptied when it reaches MAX_REMEMBERED entries: few distinct keys are
 * expected) under a copy of `key`: a name graphql-js cut out of a request body is a slice of it, and as a key it
 * would keep that whole body alive for as long as the memo holds it.
 */
export function remembered<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (memo.size >= MAX_REMEMBERED) memo.clear();
  memo.set(ownCopy(key), value);
  return value;
}

/** A string that shares no memory with `text` (JSON keeps every UTF-16 unit, lone surrogates included). */
export function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * Where a secret the tests sent could show up in a log line (or any text the gateway emits).
 *
 * Long secrets (tokens, card numbers, gift card numbers) cannot occur by chance and are searched anywhere. Short
 * ones (CVVs, PINs) collide with ordinary text: a UUID group `4829`, a hex run around `602915`, a timing of 4829 ms.
 * They count only as a whole token (not touching a letter or digit), after the text that cannot hold them has been
 * blanked: request ids, UUIDs, hex runs, ISO timestamps and numeric fields that are measurements rather than input.
 */
export const SHORT_SECRET_MAX_LENGTH = 7;

const CANNOT_HOLD_A_SECRET: readonly RegExp[] = [
  // Request ids are chosen by the client or are UUIDs; a short secret never reaches them (card numbers are still
  // searched there, as long secrets).
  /"requestId":"[^"]*"/g,
  // Payment ids, any UUID.
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  // Hashes, trace and span ids.
  /(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])/gi,
  // Source positions in a logged stack trace (`siblingDedupe.ts:123:18`, `node:internal/…:95:5`): line numbers of
  // the gateway's own code, which a CVV like 123 would otherwise match whenever an edit moves a line.
  /[^\s()"]+\.(?:ts|js|mjs|cjs):\d+:\d+|node:[\w/]+:\d+:\d+/g,
  // ISO 8601 timestamps.
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g,
  // Numbers the gateway measures or counts, never client input.
  /"(?:ms|status|statusCode|pid|port|bytes|size|line|column|attempts?|count|limit|offset|total|version|currentVersion|graceMs|retryAfterMs)":-?\d+(?:\.\d+)?/g,
];

export interface LeakScanner {
  /** The secrets found in `text`, in the order they were given. */
  find(text: string): string[];
}

export function createLeakScanner(secrets: readonly string[]): LeakScanner {
  const unique = [...new Set(secrets.filter((secret) => secret.length > 0))];
  const long = unique.filter((secret) => secret.length > SHORT_SECRET_MAX_LENGTH);
  const short = unique.filter((secret) => secret.length <= SHORT_SECRET_MAX_LENGTH);
  const shortPatterns = short.map((secret) => ({ secret, pattern: new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`) }));
  return {
    find(text) {
      const found = long.filter((secret) => text.includes(secret));
      if (shortPatterns.length === 0) return found;
      const blanked = blankInnocentText(text);
      for (const { secret, pattern } of shortPatterns) if (pattern.test(blanked)) found.push(secret);
      return found;
    },
  };
}

/** Lines holding any of the secrets. */
export function findLeakingLines(lines: readonly string[], secrets: readonly string[]): string[] {
  const scanner = createLeakScanner(secrets);
  return lines.filter((line) => scanner.find(line).length > 0);
}

/** Replaces text that cannot hold a short secret with a neutral character of the same length. */
export function blankInnocentText(text: string): string {
  let blanked = text;
  for (const pattern of CANNOT_HOLD_A_SECRET) blanked = blanked.replace(pattern, (match) => '_'.repeat(match.length));
  return blanked;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

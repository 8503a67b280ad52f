import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLeakingLines } from './helpers/leakScan.ts';
import { redisEntries } from './helpers/redisEntries.ts';
import { TEST_KEY_PREFIX } from './helpers/testRedis.ts';

export interface SecretAudit {
  /** Fails the run (exit code 1) on a sent secret in any log line or Redis entry, or an error code not in the enum. */
  finish(redisUrl: string | undefined): Promise<void>;
}

/**
 * Gives every test worker a folder to record log lines, sent secrets and answered error codes in (see
 * test/helpers/suiteAudit.ts); at the end of the run checks them all, and every key and value the tests left in Redis.
 */
export function startSecretAudit(): SecretAudit {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-audit-'));
  process.env.GATEWAY_TEST_AUDIT_DIR = dir;
  return {
    async finish(redisUrl) {
      try {
        const files = readdirSync(dir);
        const read = (prefix: string) => files.filter((f) => f.startsWith(prefix)).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
        const lines = read('logs-');
        const secrets = [...new Set(read('secrets-'))];
        // Span exports as received (JSON text or raw protobuf), one JSON string per export.
        const spanExports = read('spans-').map((line) => JSON.parse(line) as string);
        const entries = redisUrl === undefined ? [] : await redisEntries(redisUrl, TEST_KEY_PREFIX);
        const leaks = findLeakingLines(lines, secrets);
        const spanLeaks = findLeakingLines(spanExports, secrets).concat(findRawLeaks(spanExports, secrets));
        const storeLeaks = findLeakingLines(entries, secrets);
        const codes = new Set([...read('codes-'), ...loggedErrorCodes(lines)]);
        const unknown = unknownErrorCodes(codes);
        const problem =
          leaks.length > 0
            ? `Secrets leaked into ${leaks.length} log line(s), e.g.:\n${leaks.slice(0, 3).join('\n')}`
            : spanLeaks.length > 0
              ? `Secrets leaked into ${spanLeaks.length} exported span batch(es), e.g.:\n${spanLeaks[0]!.slice(0, 2000)}`
            : storeLeaks.length > 0
              ? `Secrets stored in ${storeLeaks.length} Redis entr(ies), e.g.:\n${storeLeaks.slice(0, 3).join('\n')}`
              : secrets.length > 0 && read('loggers-').length > 0 && lines.length === 0
                ? 'The secret audit saw secrets sent to in-process gateways but no log line: the recording is broken.'
                : unknown.length > 0
                  ? `Error codes not in schema/base.graphql's ErrorCode enum: ${unknown.join(', ')}. Add them to the enum (and the README's Errors table).`
                  : undefined;
        if (problem !== undefined) {
          // vitest reports errors thrown here but still exits 0, so the exit code is set explicitly.
          process.stderr.write(`secret audit FAILED: ${problem}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(
          `secret audit: ${lines.length} log lines, ${spanExports.length} span exports and ${entries.length} Redis entries checked against ${secrets.length} sent secrets, no leak\n`,
        );
        process.stdout.write(`ErrorCode audit: ${codes.size} distinct codes seen in responses and log lines, all in the enum: ${[...codes].sort().join(' ')}\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `errorCodes` of every per-operation log line (both engines write them through src/observability/operationRecord.ts). */
function loggedErrorCodes(lines: readonly string[]): string[] {
  const codes: string[] = [];
  for (const line of lines) {
    if (!line.includes('"errorCodes"')) continue;
    const parsed = JSON.parse(line) as { errorCodes?: unknown };
    if (Array.isArray(parsed.errorCodes)) codes.push(...parsed.errorCodes.map(String));
  }
  return codes;
}

/** The codes seen that are not values of `enum ErrorCode` in schema/base.graphql, read from the SDL itself. */
export function unknownErrorCodes(codes: Iterable<string>): string[] {
  const sdl = readFileSync(fileURLToPath(new URL('../schema/base.graphql', import.meta.url)), 'utf8');
  const body = /enum ErrorCode \{([^}]*)\}/.exec(sdl)?.[1];
  if (body === undefined) return ['(no ErrorCode enum found in schema/base.graphql)'];
  const values = new Set(body.split('\n').map((line) => line.trim()).filter((line) => /^[A-Z_]+$/.test(line)));
  return [...codes].filter((code) => !values.has(code)).sort();
}

/**
 * In a protobuf export a short secret has no quotes around it: a length-delimited string field holding exactly the
 * secret (field 1, 2 or 5 tag, length byte, bytes) is what a span name, attribute or status message equal to a CVV
 * or PIN would look like.
 */
export function findRawLeaks(exports: readonly string[], secrets: readonly string[]): string[] {
  const needles = secrets
    .filter((secret) => secret.length < 8)
    .flatMap((secret) => ['\u000a', '\u0012', '\u002a'].map((tag) => `${tag}${String.fromCharCode(secret.length)}${secret}`));
  return exports.filter((body) => needles.some((needle) => body.includes(needle)));
}

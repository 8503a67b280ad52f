import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: gives every test worker a folder to record log lines and sent secrets in (see
 * test/helpers/suiteAudit.ts), and at the end fails the run if any secret appears in any log line.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-audit-'));
  process.env.GATEWAY_TEST_AUDIT_DIR = dir;
  return () => {
    try {
      const files = readdirSync(dir);
      const read = (prefix: string) => files.filter((f) => f.startsWith(prefix)).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
      const lines = read('logs-');
      // Span exports as received (JSON text or raw protobuf), one JSON string per export.
      const spanExports = read('spans-').map((line) => JSON.parse(line) as string);
      const secrets = [...new Set(read('secrets-'))];
      const leaks = findLeaks(lines, secrets);
      const spanLeaks = findLeaks(spanExports, secrets).concat(findRawLeaks(spanExports, secrets));
      const problem =
        leaks.length > 0
          ? `Secrets leaked into ${leaks.length} log line(s), e.g.:\n${leaks.slice(0, 3).join('\n')}`
          : spanLeaks.length > 0
            ? `Secrets leaked into ${spanLeaks.length} exported span batch(es), e.g.:\n${spanLeaks[0]!.slice(0, 2000)}`
          : secrets.length > 0 && lines.length === 0
            ? 'The secret audit saw no log lines or no secrets: the recording is broken.'
            : undefined;
      if (problem !== undefined) {
        // vitest reports errors thrown here but still exits 0, so the exit code is set explicitly.
        process.stderr.write(`secret audit FAILED: ${problem}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        `secret audit: ${lines.length} log lines and ${spanExports.length} span exports checked against ${secrets.length} sent secrets, no leak\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
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

/** Long secrets must not appear anywhere; short ones (CVVs, PINs) not as a JSON string, where timings cannot collide. */
export function findLeaks(lines: readonly string[], secrets: readonly string[]): string[] {
  const needles = secrets.map((secret) => (secret.length >= 8 ? secret : `"${secret}"`));
  return lines.filter((line) => needles.some((needle) => line.includes(needle)));
}

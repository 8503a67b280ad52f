import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLeakingLines } from './helpers/leakScan.ts';
import { redisEntries } from './helpers/redisEntries.ts';
import { TEST_KEY_PREFIX } from './helpers/testRedis.ts';

export interface SecretAudit {
  /** Fails the run (exit code 1) if any secret a test sent is in any log line or any key or value in Redis. */
  finish(redisUrl: string | undefined): Promise<void>;
}

/**
 * Gives every test worker a folder to record log lines and sent secrets in (see test/helpers/suiteAudit.ts); at the
 * end of the run, checks them all, and every key and value the tests left in Redis.
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
        const entries = redisUrl === undefined ? [] : await redisEntries(redisUrl, TEST_KEY_PREFIX);
        const leaks = findLeakingLines(lines, secrets);
        const storeLeaks = findLeakingLines(entries, secrets);
        const problem =
          leaks.length > 0
            ? `Secrets leaked into ${leaks.length} log line(s), e.g.:\n${leaks.slice(0, 3).join('\n')}`
            : storeLeaks.length > 0
              ? `Secrets stored in ${storeLeaks.length} Redis entr(ies), e.g.:\n${storeLeaks.slice(0, 3).join('\n')}`
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
          `secret audit: ${lines.length} log lines and ${entries.length} Redis entries checked against ${secrets.length} sent secrets, no leak\n`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

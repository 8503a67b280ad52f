import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLeakingLines } from './helpers/leakScan.ts';

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
      const secrets = [...new Set(read('secrets-'))];
      const leaks = findLeakingLines(lines, secrets);
      const problem =
        leaks.length > 0
          ? `Secrets leaked into ${leaks.length} log line(s), e.g.:\n${leaks.slice(0, 3).join('\n')}`
          : secrets.length > 0 && lines.length === 0
            ? 'The secret audit saw no log lines or no secrets: the recording is broken.'
            : undefined;
      if (problem !== undefined) {
        // vitest reports errors thrown here but still exits 0, so the exit code is set explicitly.
        process.stderr.write(`secret audit FAILED: ${problem}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`secret audit: ${lines.length} log lines checked against ${secrets.length} sent secrets, no leak\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

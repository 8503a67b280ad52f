import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('../../src/observability/logger.ts', import.meta.url));

/** Runs `body` in a new Node process with the gateway's stdout logger as `logger` and its operation line as `line`. */
async function stdoutOf(body: string): Promise<string[]> {
  const script = [
    `import { createLogger, createOperationLineWriter } from ${JSON.stringify(LOGGER)};`,
    `const logger = createLogger({ level: 'info' });`,
    `const line = createOperationLineWriter(logger);`,
    body,
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(err, 'the logging process wrote to stderr').toBe('');
  expect(code).toBe(0);
  return out.split('\n').filter((text) => text !== '');
}

const requestIdsAndMarkers = (lines: string[]) =>
  lines.map((text) => {
    const parsed = JSON.parse(text) as { requestId?: string; marker?: number };
    return parsed.requestId ?? `marker ${parsed.marker}`;
  });

describe('stdout log lines (gathered per loop turn, src/observability/lineBatches.ts)', () => {
  it('keeps every line, in order, pino lines and operation lines alike, within a loop turn and across turns', async () => {
    // The first 100 lines (over 4 KB) come in one turn, so they are handed over before the turn ends; the rest a
    // few per turn.
    const lines = await stdoutOf(`
      for (let i = 0; i < 300; i++) {
        line({ requestId: 'r' + i, operationName: 'Get', ms: 1, errorCodes: [] });
        if (i % 50 === 0) logger.info({ marker: i }, 'marker');
        if (i >= 100 && i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await new Promise((resolve) => logger.flush(resolve));
    `);
    const expected: string[] = [];
    for (let i = 0; i < 300; i++) {
      expected.push(`r${i}`);
      if (i % 50 === 0) expected.push(`marker ${i}`);
    }
    expect(requestIdsAndMarkers(lines)).toEqual(expected);
  });

  it('writes the lines of the last loop turn when the process exits right after them', async () => {
    // Under 4 KB: nothing has been handed over yet, so only the exit hook can write these.
    const lines = await stdoutOf(`
      for (let i = 0; i < 20; i++) line({ requestId: 'r' + i, operationName: null, ms: 0, errorCodes: ['BAD_USER_INPUT'] });
      logger.info({ marker: 20 }, 'marker');
      process.exit(0);
    `);
    expect(requestIdsAndMarkers(lines)).toEqual([...Array.from({ length: 20 }, (_unused, i) => `r${i}`), 'marker 20']);
  });

  it('keeps every line, in order, when the process exits after flushing, as the gateway stops', async () => {
    // Over 4 KB in one turn, so a write is in flight when the stop begins: src/main.ts waits for the flush, as here.
    // (Exiting without the wait can write the last lines before the ones in flight; that race is too rare to pin.)
    const lines = await stdoutOf(`
      for (let i = 0; i < 200; i++) line({ requestId: 'r' + i, operationName: null, ms: 0, errorCodes: ['BAD_USER_INPUT'] });
      logger.info({ marker: 200 }, 'marker');
      logger.flush(() => process.exit(0));
    `);
    expect(requestIdsAndMarkers(lines)).toEqual([...Array.from({ length: 200 }, (_unused, i) => `r${i}`), 'marker 200']);
  });
});

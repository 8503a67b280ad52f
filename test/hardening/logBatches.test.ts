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
  it('keeps every line, in order, pino lines and operation lines alike, across loop turns', async () => {
    const lines = await stdoutOf(`
      for (let i = 0; i < 300; i++) {
        line({ requestId: 'r' + i, operationName: 'Get', ms: 1, errorCodes: [] });
        if (i % 50 === 0) logger.info({ marker: i }, 'marker');
        if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
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
    const lines = await stdoutOf(`
      for (let i = 0; i < 40; i++) line({ requestId: 'r' + i, operationName: null, ms: 0, errorCodes: ['BAD_USER_INPUT'] });
      logger.info({ marker: 40 }, 'marker');
      process.exit(0);
    `);
    expect(requestIdsAndMarkers(lines)).toEqual([...Array.from({ length: 40 }, (_unused, i) => `r${i}`), 'marker 40']);
  });
});

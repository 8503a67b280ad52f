import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/logger.ts';

/** A real pino logger at `debug` whose every serialised line is kept for assertions (e.g. no secrets). */
export function createRecordingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), lines };
}

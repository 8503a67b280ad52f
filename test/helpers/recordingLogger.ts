import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/logger.ts';
import { auditLogLines, auditLoggerCreated } from './suiteAudit.ts';

/** A real pino logger at `debug` whose every serialised line is kept for assertions (e.g. no secrets). */
export function createRecordingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  auditLoggerCreated();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const written = chunk.toString('utf8').split('\n').filter(Boolean);
      lines.push(...written);
      auditLogLines(written);
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), lines };
}

import { Writable } from 'node:stream';
import fc from 'fast-check';
import { multistream, pino, stdTimeFunctions } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, createOperationLineWriter, type OperationLine } from '../../src/observability/logger.ts';

/** Every line written to it, as text. */
function capture(): { stream: Writable & { write(chunk: string): boolean }; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}

/** The time differs by when each line was made; everything else must be byte for byte the same. */
const timeless = (line: string) => line.replace(/,"time":"[^"]*"/, ',"time":"T"');

const text = fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme', minLength: 100, maxLength: 300 }));
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const line: fc.Arbitrary<OperationLine> = fc.record({
  requestId: text,
  operationName: fc.option(text, { nil: null }),
  // Any double, NaN and the infinities included: JSON has none of those, pino writes null.
  ms: fc.oneof(fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100), fc.double()),
  errorCodes: fc.array(text, { maxLength: 4 }),
  ids: fc.option(fc.record({ traceId: hex(32), spanId: hex(16) }), { nil: undefined }),
});

describe('the per-operation log line', () => {
  it('is the line pino writes for the same fields', () => {
    // The line writer serialises by hand for speed; pino, as the gateway's other loggers use it, is the reference.
    const written = capture();
    const writeLine = createOperationLineWriter(createLogger({ level: 'info', destination: written.stream }));
    const expected = capture();
    const reference = pino({ level: 'info', base: undefined, timestamp: stdTimeFunctions.isoTime }, expected.stream);
    fc.assert(
      fc.property(line, (fields) => {
        written.lines.length = 0;
        expected.lines.length = 0;
        writeLine(fields);
        const { ids, ...rest } = fields;
        reference.info(ids === undefined ? rest : { ...rest, ...ids }, 'graphql operation');
        expect(written.lines.map(timeless)).toEqual(expected.lines.map(timeless));
        expect(JSON.parse(written.lines[0]!)).toMatchObject({ level: 30, msg: 'graphql operation', requestId: fields.requestId });
      }),
      { numRuns: 1000 },
    );
  });

  it('follows the logger\'s level', () => {
    const written = capture();
    const logger = createLogger({ level: 'warn', destination: written.stream });
    const writeLine = createOperationLineWriter(logger);
    writeLine({ requestId: 'r1', operationName: null, ms: 1, errorCodes: [] });
    expect(written.lines).toEqual([]);
    logger.level = 'info';
    writeLine({ requestId: 'r2', operationName: 'Q', ms: 1.5, errorCodes: ['NOT_FOUND'] });
    expect(written.lines.map((entry) => JSON.parse(entry) as unknown)).toEqual([
      { level: 30, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), requestId: 'r2', operationName: 'Q', ms: 1.5, errorCodes: ['NOT_FOUND'], msg: 'graphql operation' },
    ]);
  });

  it('is routed by its own level through pino.multistream', () => {
    // multistream reads the level pino notes on the stream before each write; a stale one would send this line
    // to the error stream too, after an error line.
    const info = capture();
    const errors = capture();
    const logger = createLogger({ level: 'info', destination: multistream([{ level: 'info', stream: info.stream }, { level: 'error', stream: errors.stream }]) });
    logger.error('an error first');
    createOperationLineWriter(logger)({ requestId: 'r3', operationName: null, ms: 2, errorCodes: [] });
    expect(errors.lines.map((entry) => (JSON.parse(entry) as { msg: string }).msg)).toEqual(['an error first']);
    expect(info.lines.map((entry) => (JSON.parse(entry) as { msg: string }).msg)).toEqual(['an error first', 'graphql operation']);
  });
});

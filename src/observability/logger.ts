import { destination, pino, stdSerializers, symbols, type DestinationStream, type Logger } from 'pino';
import { linesPerLoopTurn } from './lineBatches.ts';
import { redactText } from './redact.ts';

export type { Logger };

/** Structured paths that may carry secrets; censored before serialisation. */
const REDACT_PATHS = [
  'headers.authorization',
  'headers["x-occ-authorization"]',
  'req.headers.authorization',
  'req.headers["x-occ-authorization"]',
  'variables',
  '*.cardNumber',
  '*.cardCVV',
  '*.giftCardNumber',
  '*.giftCardPin',
  '*.cvv',
  '*.pin',
  '*.token',
  '*.access_token',
  '*.refresh_token',
];

export interface LoggerOptions {
  level: string;
  destination?: DestinationStream;
}

/**
 * JSON logs with redaction at two layers: known secret paths are censored, and every serialised line passes
 * `redactText` so a card number or bearer token inside a message or an error can never reach the sink.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      // ISO time, not epoch millis: a 13-digit number would look like a card number to redactText.
      timestamp: isoTimeByMillisecond,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: { streamWrite: redactText },
      serializers: { err: stdSerializers.err },
    },
    options.destination ?? stdoutInBatches(),
  );
}

/** The fields of the per-operation line, each already safe to log (see operationRecord.ts). */
export interface OperationLine {
  requestId: string;
  operationName: string | null;
  ms: number;
  errorCodes: readonly string[];
  ids?: { traceId: string; spanId: string } | undefined;
}

const OPERATION_MESSAGE = 'graphql operation';

/**
 * Writes the per-operation line into `logger`'s destination, at its level, as the bytes pino itself would write
 * for these fields (test/hardening/operationLine.test.ts holds the two together; a lone surrogate, which no field
 * here can hold, is escaped where pino would write it raw). Serialised here rather than by pino: its generic path
 * (serializers, key loop, safe-stable-stringify) was about 3% of a request's CPU, for a line whose fields are each
 * made safe by its caller.
 */
export function createOperationLineWriter(logger: Logger): (line: OperationLine) => void {
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[symbols.streamSym];
  if (stream === undefined) throw new Error('not a pino logger');
  // pino.multistream routes each line by metadata pino sets on it before writing: set it the same way.
  const needsMetadata = (stream as unknown as Record<symbol, unknown>)[symbols.needsMetadataGsym as symbol] === true;
  return (line) => {
    if (!logger.isLevelEnabled('info')) return;
    const time = isoTimeByMillisecond();
    const ids = line.ids === undefined ? '' : `,"traceId":${JSON.stringify(line.ids.traceId)},"spanId":${JSON.stringify(line.ids.spanId)}`;
    // JSON has no NaN or Infinity: pino writes null for them.
    const ms = Number.isFinite(line.ms) ? line.ms : null;
    if (needsMetadata) Object.assign(stream, { lastLevel: 30, lastObj: line, lastMsg: OPERATION_MESSAGE, lastTime: time, lastLogger: logger });
    stream.write(
      `{"level":30${time},"requestId":${JSON.stringify(line.requestId)},"operationName":${JSON.stringify(line.operationName)},"ms":${ms},"errorCodes":${JSON.stringify(line.errorCodes)}${ids},"msg":"${OPERATION_MESSAGE}"}\n`,
    );
  };
}

let lastMillisecond = 0;
let lastTime = '';

/** pino's `isoTime`, formatted once per millisecond: a busy gateway writes several lines in each. */
function isoTimeByMillisecond(): string {
  const now = Date.now();
  if (now !== lastMillisecond) {
    lastMillisecond = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * pino's asynchronous mode: lines leave in 4 KB writes instead of one write per line (under load, the write
 * was a third of the log line's cost), and reach it one loop turn's worth at a time (lineBatches.ts). A quiet
 * gateway's lines still show within a second, and what is buffered is written out when the process exits.
 */
function stdoutInBatches(): DestinationStream {
  const stream = destination({ dest: 1, sync: false, minLength: 4096 });
  // With a callback, a stream already closed at exit reports to it instead of throwing from the timer.
  setInterval(() => stream.flush(() => {}), 1000).unref();
  return linesPerLoopTurn(stream);
}

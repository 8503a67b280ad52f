import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors/gatewayError.ts';
import { remembered } from '../memo.ts';
import { createOperationLineWriter, type Logger } from './logger.ts';
import { redactText } from './redact.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { TraceIds } from './tracing/types.ts';

/**
 * What both the Apollo pipeline (operationLogPlugin) and the fast path (src/fastpath/) record per operation, so
 * the two can never drift: one log line, the metrics, the masked originals, the request id on INTERNAL_SERVER_ERROR.
 * `requestId` goes into each line's fields: the same JSON as a `logger.child({ requestId })`, without building one.
 */
export interface OperationRecorder {
  /** The originals of errors formatError will mask (no code): thrown errors and graphql-js' own (non-null, non-iterable). */
  unexpectedErrors(requestId: string, errors: readonly GraphQLError[]): void;
  /** `errors` are the formatted ones about to be sent; INTERNAL_SERVER_ERROR ones get `extensions.requestId`. */
  finished(requestId: string, started: number, operationName: string | null | undefined, result: RecordedResult | undefined, traceIds?: TraceIds): void;
}

export interface RecordedResult {
  errors?: readonly GraphQLFormattedError[] | undefined;
  data?: unknown;
}

export function createOperationRecorder(logger: Logger, metrics?: GatewayMetrics): OperationRecorder {
  // The per-operation line holds no object a redaction path could match, and no text unless made safe here:
  // request ids are vetted (requestId.ts), codes are ours, and what a caller chose (names, trace ids) is redacted.
  const writeLine = createOperationLineWriter(logger);
  const safeNames = new Map<string, string>();
  const safeName = (name: string) => remembered(safeNames, name, () => redactText(name));
  return {
    unexpectedErrors(requestId, errors) {
      for (const error of errors) {
        if (error.extensions?.code === undefined) logger.error({ requestId, err: error.originalError ?? error, path: error.path }, 'unexpected error');
      }
    },
    finished(requestId, started, operationName, result, ids) {
      let outcome = 'success';
      let codes: string[] = [];
      if (result !== undefined) {
        const errors = result.errors ?? [];
        codes = errors.map((error) => safeCode(error.extensions?.code));
        for (const error of errors) {
          if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) (error.extensions as Record<string, unknown>).requestId = requestId;
        }
        if (errors.length > 0) outcome = result.data ? 'partial' : 'error';
      }
      if (metrics) {
        metrics.operations.inc({ operation: metrics.operationLabel(operationName), outcome });
        for (const code of codes) metrics.errors.inc({ code });
      }
      const name = operationName == null ? null : safeName(operationName);
      const ms = Math.round((performance.now() - started) * 100) / 100;
      writeLine({
        requestId,
        operationName: name,
        ms,
        errorCodes: codes,
        // Span ids are always the gateway's own (LogSafeIdGenerator); a trace id may be the caller's.
        ids: ids === undefined ? undefined : { traceId: safeHexId(ids.traceId), spanId: ids.spanId },
      });
    },
  };
}

/** Twelve digits in a row: in a hex id, the only text redactText would change (it has no separators, no "Bearer"). */
const TWELVE_DIGITS = /\d{12}/;

/** A trace id may come from the caller's `traceparent`; the full redaction runs only on the rare id it could change. */
function safeHexId(id: string): string {
  return TWELVE_DIGITS.test(id) ? redactText(id) : id;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Codes are the gateway's own; anything else a result carries is redacted like any caller-chosen text. */
function safeCode(code: unknown): string {
  const text = String(code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  return KNOWN_CODES.has(text) ? text : redactText(text);
}

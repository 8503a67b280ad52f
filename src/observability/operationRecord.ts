import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors/gatewayError.ts';
import { createOperationLineWriter, type Logger } from './logger.ts';
import { maskCardNumber, redactText, rememberedRedaction } from './redact.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { OperationTrace, TraceIds } from './tracing/types.ts';

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
  /**
   * A request refused before either engine ran it (a rate limit, a body that is not JSON, a persisted-document
   * rule): its operation span, if traced, ends with the errors' codes, and its log line carries the span's ids.
   */
  refused(requestId: string, started: number, errors: readonly GraphQLFormattedError[], trace: OperationTrace | undefined): void;
}

export interface RecordedResult {
  errors?: readonly GraphQLFormattedError[] | undefined;
  data?: unknown;
}

export function createOperationRecorder(logger: Logger, metrics?: GatewayMetrics): OperationRecorder {
  // The per-operation line holds no object a redaction path could match, and no text unless made safe here:
  // request ids are vetted (requestId.ts), codes are ours, and what a caller chose (names, trace ids) is redacted.
  const writeLine = createOperationLineWriter(logger);
  const safeName = rememberedRedaction();
  const recorder: OperationRecorder = {
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
      // Masked for the label too: /metrics is read by more people than the logs.
      const name = operationName == null ? null : safeName(operationName);
      if (metrics) {
        metrics.operations.inc({ operation: metrics.operationLabel(name), outcome });
        for (const code of codes) metrics.errors.inc({ code });
      }
      const ms = Math.round((performance.now() - started) * 100) / 100;
      writeLine({
        requestId,
        operationName: name,
        ms,
        errorCodes: codes,
        ids: ids === undefined ? undefined : safeIds(ids),
      });
    },
    refused(requestId, started, errors, trace) {
      trace?.finished(undefined, undefined, { errors });
      recorder.finished(requestId, started, null, { errors }, trace?.ids);
    },
  };
  return recorder;
}

/** Twelve digits or more in a row: where a hex id could show a card number to a scanner of the log. */
const DIGIT_RUN = /\d{12,}/g;
const TWELVE_DIGITS = /\d{12}/;

/** Whether the log line masks part of this id: the gateway draws its own ids so that it never does (logSafeIds.ts). */
export function logMasksId(id: string): boolean {
  return TWELVE_DIGITS.test(id);
}

/**
 * A trace id may come from the caller's `traceparent`. `redactText` leaves hex ids whole (request ids must stay
 * findable), so a caller's id holding 12 digits or more in a row gets each such run masked as a card number is, Luhn
 * or not: only the log line's copy (the trace keeps its id). Span ids are always the gateway's own, drawn without
 * such runs (LogSafeIdGenerator).
 */
function safeIds(ids: TraceIds): TraceIds {
  return logMasksId(ids.traceId) ? { traceId: ids.traceId.replace(DIGIT_RUN, maskCardNumber), spanId: ids.spanId } : ids;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Codes are the gateway's own; anything else a result carries is redacted like any caller-chosen text. */
function safeCode(code: unknown): string {
  const text = String(code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  return KNOWN_CODES.has(text) ? text : redactText(text);
}

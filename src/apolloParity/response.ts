import type { ServerResponse } from 'node:http';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { OperationRecorder } from '../observability/operationRecord.ts';
import type { OperationTrace } from '../observability/tracing/types.ts';
import { formatErrorsLikeApollo, type FormatError } from './errors.ts';
import { APPLICATION_JSON } from './mediaTypes.ts';

export interface FormattedResult {
  errors?: readonly GraphQLFormattedError[] | undefined;
  data?: unknown;
  extensions?: unknown;
}

/**
 * A single result as Apollo sends it: fields in its order (errors, data, extensions), `prettyJSONStringify`'s
 * trailing newline, `cache-control: no-store` (noStorePlugin.ts) and, unlike Apollo's chunked framing
 * of a complete body, a Content-Length (Node then sends one plain body).
 */
export function writeResult(res: ServerResponse, status: number, contentType: string, result: FormattedResult, headers: ReadonlyArray<[string, string]> = []): void {
  const text = resultText(result);
  res.writeHead(status, { 'cache-control': 'no-store', 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...Object.fromEntries(headers) });
  res.end(text);
}

/** A single result's body as Apollo writes it. */
export function resultText(result: FormattedResult): string {
  return `${JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })}\n`;
}

export interface RequestRefusal {
  status: number;
  error: GraphQLError;
}

/**
 * A request refused before any engine runs it (persisted document and safelist rules), answered and logged as
 * Apollo answers its own request errors: formatted errors, the operation log line with its code, the negotiated type.
 */
export function sendRefusal(res: ServerResponse, refusal: RequestRefusal, responseType: string | null, context: RefusalContext): void {
  writeResult(res, refusal.status, responseType ?? APPLICATION_JSON, { errors: recordRefusal(refusal, context) });
}

export interface RefusalContext {
  requestId: string;
  started: number;
  recorder: OperationRecorder;
  formatError: FormatError;
  trace?: OperationTrace | undefined;
}

/** A refusal's errors as Apollo formats them, its log line and count written. */
export function recordRefusal(refusal: RequestRefusal, context: RefusalContext): GraphQLFormattedError[] {
  const errors = formatErrorsLikeApollo([refusal.error], context.formatError);
  context.recorder.refused(context.requestId, context.started, errors, context.trace);
  return errors;
}

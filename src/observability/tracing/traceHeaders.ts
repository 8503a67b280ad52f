import type { UpstreamCallTrace, UpstreamHeaders } from './types.ts';

/** A W3C `traceparent` (version 00) for a span, `sampled` or not. */
export function traceparentOf(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

/** Sets a call's W3C Trace Context headers (`tracestate` only when there is one). */
export function setTraceHeaders(headers: UpstreamHeaders, traceparent: string, tracestate: string | undefined): void {
  headers.traceparent = traceparent;
  if (tracestate) headers.tracestate = tracestate;
}

const noop = () => undefined;

/** An upstream call nobody records: its trace headers are set, nothing more happens. */
export const UNRECORDED_CALL: UpstreamCallTrace = { attempted: noop, end: noop };

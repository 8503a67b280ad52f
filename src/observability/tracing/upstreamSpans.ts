import { SpanKind, SpanStatusCode, trace, type Attributes, type SpanContext, type Tracer } from '@opentelemetry/api';
import type { UpstreamName } from '../../errors/gatewayError.ts';
import type { UpstreamHeaders, UpstreamTracer } from './types.ts';
import { setTraceHeaders, traceparentOf, UNRECORDED_CALL } from './traceHeaders.ts';
import { UnsampledTrace } from './unsampledTrace.ts';

/** Sets the W3C Trace Context headers of `context`, as the W3C propagator writes them, without its generic carrier API. */
function setTraceContext(headers: UpstreamHeaders, context: SpanContext): void {
  setTraceHeaders(headers, traceparentOf(context.traceId, context.spanId, (context.traceFlags & 1) === 1), context.traceState?.serialize());
}

/** cockatiel's CircuitState values, by number. */
const BREAKER_STATES = ['closed', 'open', 'half-open', 'isolated'];

/**
 * One client span per logical upstream call (retries included: attempts and resends are attributes), named and
 * labelled like the `endpoint` metric label, never with the real path or query string (ids, `where` predicates).
 * The call's own `traceparent` goes to the upstream, so its side of the work joins the same trace.
 */
export function createUpstreamTracer(tracer: Tracer, upstream: UpstreamName, baseUrl: string): UpstreamTracer {
  const url = new URL(baseUrl);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const fixed: Attributes = { 'server.address': url.hostname, 'server.port': port, 'gateway.upstream': upstream };
  return {
    start(parent, method, endpoint, headers) {
      if (parent instanceof UnsampledTrace) return parent.upstreamCall(headers);
      const parentSpan = trace.getSpan(parent);
      if (parentSpan === undefined || !parentSpan.isRecording()) {
        // Not sampled: the upstream still gets the trace id (flag 00); no span is made for a call nobody records.
        if (parentSpan !== undefined) setTraceContext(headers, parentSpan.spanContext());
        return UNRECORDED_CALL;
      }
      const span = tracer.startSpan(endpoint, { kind: SpanKind.CLIENT }, parent);
      span.setAttributes(fixed);
      span.setAttributes({ 'http.request.method': method, 'url.template': endpoint.slice(endpoint.indexOf(' ') + 1) });
      setTraceContext(headers, span.spanContext());
      let attempts = 0;
      return {
        attempted() {
          attempts += 1;
        },
        end(status, breakerState, failed) {
          if (span.isRecording()) {
            span.setAttribute('gateway.upstream.attempts', attempts);
            if (attempts > 1) span.setAttribute('http.request.resend_count', attempts - 1);
            if (breakerState !== undefined) span.setAttribute('gateway.upstream.breaker_state', BREAKER_STATES[breakerState] ?? String(breakerState));
            if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
            if (failed) {
              span.setAttribute('error.type', String(status));
              // Client spans: a refused call (4xx/5xx, HEAD's 404 aside) or one without an answer failed.
              span.setStatus({ code: SpanStatusCode.ERROR, message: typeof status === 'string' ? status : `HTTP ${status}` });
            }
          }
          span.end();
        },
      };
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SamplingDecision, SpanKind, SpanStatusCode, trace, type Span, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import { withoutSecretMembers } from './callerTraceState.ts';
import type { LogSafeIdGenerator } from './logSafeIds.ts';
import type { GraphqlRequestHandler, TraceParent } from './types.ts';
import { UnsampledTrace } from './unsampledTrace.ts';

const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<IncomingMessage['headers']> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

/**
 * The HTTP server span of each /graphql request, a child of the caller's `traceparent` when it sends one (the
 * parent-based sampler then follows the caller's decision). Only method, route and status are recorded: the query
 * string of a GET holds the operation's variables, and headers hold credentials.
 */
const SERVER_TRACE = Symbol('gateway.serverTrace');
type TracedRequest = IncomingMessage & { [SERVER_TRACE]?: TraceParent };

/** What the server span of a request being handled leaves for its operation: its recording context, or the unsampled trace. */
export function serverTraceOf(req: IncomingMessage): TraceParent | undefined {
  return (req as TracedRequest)[SERVER_TRACE];
}

export interface ServerSpans {
  tracer: Tracer;
  sampler: Sampler;
  ids: LogSafeIdGenerator;
}

const NO_ATTRIBUTES = {};
const NO_LINKS: [] = [];
const SPAN_NAMES: Record<string, string> = { GET: 'GET /graphql', POST: 'POST /graphql' };
/** The methods HTTP semantic conventions name; any other is `_OTHER` (span name `HTTP /graphql`), its own kept aside. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

export function traceHttpRequests(spans: ServerSpans, handler: GraphqlRequestHandler): GraphqlRequestHandler {
  // Not an async function: an unsampled request's promise is the handler's own, without one more around it.
  return (req, res, requestId) => {
    const method = req.method ?? 'GET';
    const name = SPAN_NAMES[method] ?? (KNOWN_METHODS.has(method) ? `${method} /graphql` : 'HTTP /graphql');
    const parent = req.headers.traceparent === undefined ? ROOT_CONTEXT : withoutSecretMembers(propagator.extract(ROOT_CONTEXT, req.headers, headerGetter));
    // The sampler decides before any span exists: most requests are not sampled, and they get one small object.
    const remote = trace.getSpanContext(parent);
    const traceId = remote === undefined ? spans.ids.generateTraceId() : remote.traceId;
    const decision = spans.sampler.shouldSample(parent, traceId, name, SpanKind.SERVER, NO_ATTRIBUTES, NO_LINKS);
    if (decision.decision === SamplingDecision.NOT_RECORD) {
      const traceState = decision.traceState ?? remote?.traceState;
      (req as TracedRequest)[SERVER_TRACE] = new UnsampledTrace(traceId, spans.ids.generateSpanId(), traceState?.serialize());
      return handler(req, res, requestId);
    }
    // The SDK samples again (every sampler here decides the same for the same trace id and parent): a new root
    // span takes the trace id just drawn.
    const span = spans.ids.withTraceId(traceId, () => spans.tracer.startSpan(name, { kind: SpanKind.SERVER }, parent));
    if (!span.isRecording()) {
      // A sampler that changed its mind: the request goes on unsampled, with the ids the SDK gave it.
      const { traceId: id, spanId, traceState } = span.spanContext();
      (req as TracedRequest)[SERVER_TRACE] = new UnsampledTrace(id, spanId, traceState?.serialize());
      return handler(req, res, requestId);
    }
    if (KNOWN_METHODS.has(method)) span.setAttribute('http.request.method', method);
    else span.setAttributes({ 'http.request.method': '_OTHER', 'http.request.method_original': method });
    span.setAttributes({ 'http.route': '/graphql', 'url.path': '/graphql', 'url.scheme': 'http' });
    const local = req.socket.localPort;
    if (local !== undefined) span.setAttribute('server.port', local);
    // A property, not a WeakMap: thousands of short-lived WeakMap keys a second cost the garbage collector dearly.
    (req as TracedRequest)[SERVER_TRACE] = trace.setSpan(parent, span);
    return handleRecorded(span, handler, req, res, requestId);
  };
}

/** Runs a sampled request and ends its server span with the answer's status. */
async function handleRecorded(span: Span, handler: GraphqlRequestHandler, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  let threw = false;
  try {
    await handler(req, res, requestId);
  } catch (error) {
    threw = true;
    // server.ts answers 500 INTERNAL_SERVER_ERROR for whatever escapes the handler.
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'INTERNAL_SERVER_ERROR' });
    span.setAttributes({ 'error.type': 'INTERNAL_SERVER_ERROR', 'http.response.status_code': 500 });
    throw error;
  } finally {
    if (!threw && span.isRecording()) {
      const status = res.statusCode;
      span.setAttribute('http.response.status_code', status);
      // Server spans: a 4xx is the caller's mistake, not the gateway's failure.
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (status >= 400) span.setAttribute('error.type', String(status));
    }
    span.end();
  }
}

import type { IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { GraphqlRequestHandler } from './types.ts';

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
const SERVER_CONTEXT = Symbol('gateway.serverSpanContext');
type TracedRequest = IncomingMessage & { [SERVER_CONTEXT]?: Context };

/** The server span's context of a request being handled by `traceHttpRequests`' handler. */
export function serverContextOf(req: IncomingMessage): Context | undefined {
  return (req as TracedRequest)[SERVER_CONTEXT];
}

export function traceHttpRequests(tracer: Tracer, handler: GraphqlRequestHandler): GraphqlRequestHandler {
  return async (req, res, requestId) => {
    const method = req.method ?? 'GET';
    const parent = req.headers.traceparent === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
    // Attributes only for recorded spans: an unsampled request pays for its ids and nothing else.
    const span = tracer.startSpan(`${method} /graphql`, { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) {
      span.setAttributes({ 'http.request.method': method, 'http.route': '/graphql', 'url.path': '/graphql', 'url.scheme': 'http' });
      const local = req.socket.localPort;
      if (local !== undefined) span.setAttribute('server.port', local);
    }
    // A property, not a WeakMap: thousands of short-lived WeakMap keys a second cost the garbage collector dearly.
    (req as TracedRequest)[SERVER_CONTEXT] = trace.setSpan(parent, span);
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
  };
}

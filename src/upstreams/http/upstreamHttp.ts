import { errors as undiciErrors, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { UpstreamName } from '../../errors/gatewayError.ts';
import type { GatewayMetrics } from '../../observability/metrics.ts';
import type { TraceParent, UpstreamHeaders, UpstreamTracer } from '../../observability/tracing/types.ts';
import { dispatchOnce } from './dispatchOnce.ts';
import { Deadline } from './deadline.ts';
import type { UpstreamResilience } from './resilience.ts';
import { UpstreamHttpError, UpstreamTransportError, type TransportFailure } from './upstreamErrors.ts';

export interface UpstreamRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  /** Path and query, appended to the base URL. */
  path: string;
  /** This call's own object: a traced call's `traceparent` and `tracestate` are set on it (undefined ones are not sent). */
  headers: UpstreamHeaders;
  body?: string;
  /** Low-cardinality name for logs and metrics, e.g. `GET /me/payments`. */
  endpoint: string;
  requestId: string;
  /** Called as each attempt is handed to the connection pool: from here on, the request may reach the upstream. */
  onDispatch?: (() => void) | undefined;
  /** The span this call hangs under; the call then gets a span of its own and sends its `traceparent`. */
  trace?: TraceParent | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface UpstreamHttpOptions {
  upstream: UpstreamName;
  baseUrl: string;
  dispatcher: Dispatcher;
  logger: Logger;
  /** Total deadline of one call, connect to last body byte, retries and backoff included. */
  timeoutMs: number;
  /** Retries and circuit breaker of this upstream; without it every call is a single attempt. */
  resilience?: UpstreamResilience | undefined;
  /** Latency of every attempt by upstream, endpoint and status. */
  metrics?: Pick<GatewayMetrics, 'upstreamLatency'> | undefined;
  /** Spans for traced calls (requests with a `trace` parent). */
  tracing?: { forUpstream(upstream: UpstreamName, baseUrl: string): UpstreamTracer } | undefined;
}

export interface UpstreamHttp {
  readonly upstream: UpstreamName;
  /** Resolves with any 2xx (and 404 for HEAD); rejects with UpstreamHttpError or UpstreamTransportError. */
  send(req: UpstreamRequest): Promise<UpstreamResponse>;
}

export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const url = new URL(options.baseUrl);
  const base: Base = { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
  const tracer = options.tracing?.forUpstream(options.upstream, options.baseUrl);
  return {
    upstream: options.upstream,
    async send(req) {
      const started = performance.now();
      const deadline = new Deadline(options.timeoutMs);
      // A traced call's `traceparent` goes into its headers (every attempt sends the same).
      const call = req.trace === undefined ? undefined : tracer?.start(req.trace, req.method, req.endpoint, req.headers);
      // A method, not `const f = () =>`: tsx (esbuild's keepNames) names such closures with a defineProperty call.
      const { attempt } = {
        attempt() {
          call?.attempted();
          return measuredAttempt(options, base, req, deadline);
        },
      };
      let status: number | string = 0;
      let failed = true;
      try {
        const res = await (options.resilience ? options.resilience.run(req.method, deadline, attempt) : attempt());
        status = res.status;
        failed = false;
        return res;
      } catch (error) {
        status = statusLabel(error);
        throw error;
      } finally {
        deadline.clear();
        call?.end(status, options.resilience?.state(), failed);
        options.logger.debug(
          { requestId: req.requestId, upstream: options.upstream, endpoint: req.endpoint, status, ms: Math.round(performance.now() - started) },
          'upstream call',
        );
      }
    },
  };
}

async function measuredAttempt(options: UpstreamHttpOptions, base: Base, req: UpstreamRequest, deadline: Deadline): Promise<UpstreamResponse> {
  const started = performance.now();
  let status: string = 'error';
  try {
    const res = await sendOnce(options, base, req, deadline);
    status = String(res.status);
    return res;
  } catch (error) {
    status = String(statusLabel(error));
    throw error;
  } finally {
    options.metrics?.upstreamLatency.observe({ upstream: options.upstream, endpoint: req.endpoint, status }, (performance.now() - started) / 1000);
  }
}

/** An HTTP status, or the failure kind when there was no usable answer. */
function statusLabel(error: unknown): number | string {
  if (error instanceof UpstreamHttpError) return error.status;
  if (error instanceof UpstreamTransportError) return error.failure;
  return 'error';
}

/** The base URL split once: undici dispatches to an origin, with the base's own path in front of each request's. */
interface Base {
  origin: string;
  pathPrefix: string;
}

async function sendOnce(options: UpstreamHttpOptions, base: Base, req: UpstreamRequest, deadline: Deadline): Promise<UpstreamResponse> {
  let res: UpstreamResponse;
  req.onDispatch?.();
  try {
    res = await dispatchOnce(options.dispatcher, { origin: base.origin, path: base.pathPrefix + req.path, method: req.method, headers: req.headers, body: req.body, deadline });
  } catch (error) {
    throw new UpstreamTransportError(options.upstream, classifyTransportFailure(error, deadline), { cause: error });
  }
  if (res.status >= 200 && res.status < 300) return res;
  if (req.method === 'HEAD' && res.status === 404) return res;
  throw new UpstreamHttpError(options.upstream, res.status, res.text, parseRetryAfter(res.headers['retry-after']));
}

/** undici reports failures as classes with stable `code`s; match those, never messages. */
export function classifyTransportFailure(error: unknown, deadline: Pick<Deadline, 'reason'>): TransportFailure {
  if (deadline.reason !== undefined) return 'timeout';
  if (error instanceof undiciErrors.ConnectTimeoutError) return 'timeout';
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'connect';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'reset';
  return 'body';
}

export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * What the rest of the gateway sees of tracing: type-only, so nothing of OpenTelemetry is loaded unless tracing is
 * configured (src/observability/tracing/load.ts imports the SDK on demand).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '@opentelemetry/api';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { UpstreamName } from '../../errors/gatewayError.ts';
import type { RecordedResult } from '../operationRecord.ts';
import type { UnsampledTrace } from './unsampledTrace.ts';

/**
 * Where a traced call hangs in its trace: an OpenTelemetry context holding the parent span, or, for a request the
 * sampler left out, the request's one UnsampledTrace.
 */
export type TraceParent = Context | UnsampledTrace;

/** The ids a log line carries to find its trace. */
export interface TraceIds {
  traceId: string;
  spanId: string;
}

export type GraphqlRequestHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

/** One GraphQL operation's span, created with its context and shared by both engines. */
export interface OperationTrace {
  /** False when the trace is not sampled: only the W3C context travels on (to the upstreams), no spans are made. */
  readonly recording: boolean;
  /** Parent of what the operation itself does: DataLoader batches, and upstream calls outside a root field. */
  readonly parent: TraceParent;
  readonly ids: TraceIds;
  /** Runs one root field's resolver inside its own span; `parent` is what its upstream calls hang under. */
  rootField<T>(parentType: string, fieldName: string, responseKey: string, run: (parent: TraceParent) => T): T;
  /** Runs one DataLoader batch inside its own span. */
  batch<T>(loader: string, size: number, run: (parent: TraceParent) => Promise<T>): Promise<T>;
  /** Ends the span with the operation's name, type, document hash and error codes (once; later calls do nothing). */
  finished(document: DocumentNode | undefined, operation: OperationDefinitionNode | undefined, result: RecordedResult | undefined): void;
}

/**
 * An upstream call's headers, made for that call alone; undefined values are not sent. Callers name the W3C ones in
 * their literal (as undefined) so that setting them keeps the object's hidden class.
 */
export type UpstreamHeaders = Record<string, string | undefined> & { traceparent?: string | undefined; tracestate?: string | undefined };

/** One upstream call's span: it carries its own `traceparent` to the upstream. */
export interface UpstreamCallTrace {
  attempted(): void;
  /** `status` is the HTTP status or the failure kind (`timeout`, `reset`, `circuit-open`, …). */
  end(status: number | string, breakerState: number | undefined, failed: boolean): void;
}

export interface UpstreamTracer {
  /** Starts the call's span (if its trace is sampled) and sets its `traceparent` (and `tracestate`) on `headers`. */
  start(parent: TraceParent, method: string, endpoint: string, headers: UpstreamHeaders): UpstreamCallTrace;
}

export interface GatewayTracing {
  /** Wraps the /graphql handler in the HTTP server span, continuing the caller's `traceparent`. */
  traceHttp(handler: GraphqlRequestHandler): GraphqlRequestHandler;
  /** The operation span of a request handled by `traceHttp`'s handler (undefined outside one). */
  startOperation(req: IncomingMessage): OperationTrace | undefined;
  /** Puts a span around every Query and Mutation field resolver: both engines execute this schema. */
  traceRootFields(schema: GraphQLSchema): void;
  forUpstream(upstream: UpstreamName, baseUrl: string): UpstreamTracer;
  /**
   * Sends every finished span, then stops; never throws. Gives up after TRACES_SHUTDOWN_FLUSH_MS, counting the spans
   * still on their way as failed (`shutdown deadline`), and warns of every loss not yet told.
   */
  shutdown(): Promise<void>;
}

import { setTraceHeaders, traceparentOf, UNRECORDED_CALL } from './traceHeaders.ts';
import type { OperationTrace, TraceIds, TraceParent, UpstreamCallTrace, UpstreamHeaders } from './types.ts';

/**
 * A request the sampler left out, from the server span down: no span object, no OpenTelemetry context, one object
 * per request. Its ids still reach the log line, and its `traceparent` (flag "not sampled", the server span's own
 * id) every upstream call, so the vendors' side follows the decision.
 */
export class UnsampledTrace implements OperationTrace {
  readonly recording = false;
  readonly ids: TraceIds;
  private readonly traceparent: string;

  constructor(
    traceId: string,
    spanId: string,
    private readonly tracestate: string | undefined,
  ) {
    this.ids = { traceId, spanId };
    this.traceparent = traceparentOf(traceId, spanId, false);
  }

  get parent(): TraceParent {
    return this;
  }

  rootField<T>(_type: string, _name: string, _key: string, run: (parent: TraceParent) => T): T {
    return run(this);
  }

  batch<T>(_loader: string, _size: number, run: (parent: TraceParent) => Promise<T>): Promise<T> {
    return run(this);
  }

  finished(): void {}

  /** Sets this trace's W3C context on the call's headers; nothing is recorded of the call. */
  upstreamCall(headers: UpstreamHeaders): UpstreamCallTrace {
    setTraceHeaders(headers, this.traceparent, this.tracestate);
    return UNRECORDED_CALL;
  }
}

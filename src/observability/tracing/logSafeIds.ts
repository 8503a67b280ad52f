import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import { logMasksId } from '../operationRecord.ts';


/**
 * Random W3C ids, drawn again while they hold a run of 12 or more decimal digits: about one trace id in twenty does.
 * The gateway's own log masking leaves hex ids whole (src/observability/redact.ts), but DLP scanners between the
 * log and its store may not, and a mangled id no longer finds its trace.
 */
export class LogSafeIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private pinnedTraceId: string | undefined;

  generateTraceId(): string {
    const pinned = this.pinnedTraceId;
    if (pinned !== undefined) {
      this.pinnedTraceId = undefined;
      return pinned;
    }
    return redrawn(() => this.random.generateTraceId());
  }

  generateSpanId(): string {
    return redrawn(() => this.random.generateSpanId());
  }

  /** Runs `start` with `traceId` as the next new trace's id: a root span takes the id its sampling was decided on. */
  withTraceId<T>(traceId: string, start: () => T): T {
    this.pinnedTraceId = traceId;
    try {
      return start();
    } finally {
      this.pinnedTraceId = undefined;
    }
  }
}

function redrawn(generate: () => string): string {
  let id = generate();
  // What the log line masks (12 or more digits in a row) is what card-number scanners flag too.
  while (logMasksId(id)) id = generate();
  return id;
}

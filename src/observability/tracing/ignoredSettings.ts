import type { TracingConfig } from '../../tracingConfig.ts';
import type { Logger } from '../logger.ts';

/** OTEL_* settings the specification says to ignore or discard rather than refuse: the operator hears of each at start. */
export function warnOfIgnoredSettings(tracing: Readonly<TracingConfig>, logger: Logger): void {
  if (tracing.samplerArgIgnored) {
    // With the default sampler, a ratio meant as 1% would record every request.
    logger.warn({ sampler: tracing.sampler }, 'OTEL_TRACES_SAMPLER_ARG is ignored: only the traceidratio samplers read it');
  }
  if (tracing.propagatorsIgnored.length > 0) {
    // Callers propagating only in those formats start new traces here instead of continuing theirs.
    logger.warn({ propagators: tracing.propagatorsIgnored }, 'OTEL_PROPAGATORS names formats this gateway does not read or send: it speaks W3C tracecontext only');
  }
  if (tracing.resourceAttributesRefused !== undefined) {
    logger.warn({ problem: tracing.resourceAttributesRefused }, 'OTEL_RESOURCE_ATTRIBUTES is discarded whole, as the OpenTelemetry specification says');
  }
}

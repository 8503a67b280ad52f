import type { GatewayConfig } from '../../config.ts';
import type { DocumentFingerprint } from '../documentFingerprint.ts';
import type { SpanExportReport } from './exportReport.ts';
import type { GatewayTracing } from './types.ts';

/** Tracing off (no OTLP endpoint): nothing of OpenTelemetry is imported, and the request path only tests for undefined. */
export async function loadTracing(config: Readonly<GatewayConfig>, report: SpanExportReport, fingerprint: DocumentFingerprint): Promise<GatewayTracing | undefined> {
  if (config.tracing === undefined) return undefined;
  const { createTracing } = await import('./sdk.ts');
  return createTracing(config.tracing, report, fingerprint);
}

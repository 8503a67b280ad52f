import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeProtobufExport } from './otlpProtobufDecoding.ts';
import { auditSpanExports } from './suiteAudit.ts';

/** One span as an OTLP/HTTP export carries it (protobuf or JSON), attributes flattened to plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  /** The W3C tracestate the span carries (undefined when empty). */
  traceState: string | undefined;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  serviceName: unknown;
  /** The exporting process's resource attributes (service.*, telemetry.sdk.*, the operator's). */
  resource: Record<string, unknown>;
}

/** A real OTLP/HTTP trace receiver on 127.0.0.1:0: decodes protobuf and JSON exports; gzip bodies are inflated first. */
export interface OtlpReceiver {
  /** Base URL, as for `OTEL_EXPORTER_OTLP_ENDPOINT` (exports arrive at `/v1/traces`). */
  readonly url: string;
  /** A gateway's settings to export here in its default encoding (protobuf), in batches of 20 ms so a test waits little. */
  readonly gatewayEnv: Readonly<Record<string, string>>;
  readonly spans: ReceivedSpan[];
  /** `body` is what was sent, a gzip one inflated. */
  readonly exports: Array<{ path: string; headers: IncomingHttpHeaders; body: Buffer }>;
  /** Resolves with a trace's spans once its root (a span without a parent here) has arrived; the rest end first. */
  trace(traceId: string, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const exports: OtlpReceiver['exports'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const sent = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(sent) : sent;
      exports.push({ path: req.url ?? '', headers: req.headers, body });
      // Protobuf strings are raw UTF-8 too, so the audit reads either encoding as text.
      auditSpanExports(body.toString('latin1'));
      const type = req.headers['content-type'] ?? '';
      if (type.includes('json')) spans.push(...decodeJsonExport(body.toString('utf8')));
      else if (type.includes('protobuf')) spans.push(...decodeProtobufExport(body));
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    gatewayEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '20' },
    spans,
    exports,
    async trace(traceId, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = spans.filter((span) => span.traceId === traceId);
        const ids = new Set(found.map((span) => span.spanId));
        if (found.some((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId)) && found.some((span) => span.kind === 2)) return found;
        if (Date.now() > until) throw new Error(`No complete trace ${traceId} within ${timeoutMs} ms (${found.length} spans so far): is the exporter configured?`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
type OtlpAttributes = Array<{ key: string; value: OtlpValue }> | undefined;

function value(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(value);
  return undefined;
}

function attributes(list: OtlpAttributes): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value: v }) => [key, value(v)]));
}

interface OtlpJsonExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttributes };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        traceState?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttributes;
        status?: { code?: number; message?: string };
        events?: Array<{ name: string; attributes?: OtlpAttributes }>;
      }>;
    }>;
  }>;
}

function decodeJsonExport(text: string): ReceivedSpan[] {
  const body = JSON.parse(text) as OtlpJsonExport;
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributes(resourceSpans.resource?.attributes);
    const serviceName = resource['service.name'];
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : span.parentSpanId,
        traceState: span.traceState === undefined || span.traceState === '' ? undefined : span.traceState,
        name: span.name,
        kind: span.kind,
        attributes: attributes(span.attributes),
        status: span.status ?? {},
        events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributes(event.attributes) })),
        serviceName,
        resource,
      })),
    );
  });
}

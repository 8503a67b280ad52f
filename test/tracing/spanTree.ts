import { randomBytes } from 'node:crypto';
import type { ReceivedSpan } from '../helpers/otlpReceiver.ts';

/** A client's own span: the gateway's spans must continue its trace. */
export function clientTraceparent(sampled = true): { header: string; traceId: string; spanId: string } {
  const traceId = logSafeHex(16);
  const spanId = logSafeHex(8);
  return { header: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`, traceId, spanId };
}

/** As the gateway draws its own ids: no run of 12+ digits, which the log's card-number masking would alter. */
function logSafeHex(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('hex');
    if (!/\d{12}/.test(id)) return id;
  }
}

/** The spans as an indented outline of names, children in start order: compares trees across runs and engines. */
export function outline(spans: readonly ReceivedSpan[]): string[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = (parent: string | undefined) =>
    spans.filter((span) => (parent === undefined ? span.parentSpanId === undefined || !ids.has(span.parentSpanId) : span.parentSpanId === parent));
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${span.name}`);
    for (const child of children(span.spanId).sort((a, b) => a.name.localeCompare(b.name))) walk(child, depth + 1);
  };
  for (const root of children(undefined)) walk(root, 0);
  return lines;
}

export function byName(spans: readonly ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`Expected one span named "${name}", got ${found.length}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

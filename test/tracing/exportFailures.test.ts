import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { logged, spanCount } from '../helpers/spanExportHealth.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { until } from '../helpers/until.ts';

/**
 * A real collector that answers every export with `status` (0: never answers), counting what it was sent. A refusal
 * echoes the export's API key in its status text and body, as a careless collector might: none of it may be logged.
 */
async function startScriptedCollector() {
  let exports = 0;
  const collector = { status: 401, url: '', exports: () => exports, close: async () => {} };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exports++;
      if (collector.status === 0) return;
      const key = String(req.headers['x-api-key'] ?? '');
      if (collector.status >= 400) {
        res.writeHead(collector.status, `Refused key ${key}`, { 'content-type': 'text/plain' });
        res.end(`unknown api key ${key}`);
        return;
      }
      res.writeHead(collector.status, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  collector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collector.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return collector;
}

/** A port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const EXPORT_KEY = 'collector-key-0d9f3c';

async function queries(stack: StubStack, count: number): Promise<void> {
  stack.ct.handler = faults.json(200, paymentPage(['p1']));
  for (let i = 0; i < count; i++) expect((await stack.gql('{ myPayments(first: 1) { nodes { id } } }')).body.errors).toBeUndefined();
}

describe('a collector in trouble', () => {
  it('is warned of once (not per batch), counted in /metrics, and reported again when it recovers; answers go on', async () => {
    const collector = await startScriptedCollector();
    const stack = await startStubStack({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${EXPORT_KEY}` });
    try {
      await queries(stack, 5);
      await until(async () => (await spanCount(stack, 'failed')) >= 20, '20 failed spans (5 operations of 4)');
      await queries(stack, 5);
      await until(async () => (await spanCount(stack, 'failed')) >= 40, '40 failed spans');
      // The rest of the minute's losses wait for the minute to pass (test/tracing/exportReport.test.ts).
      const warnings = logged(stack, 'spans not delivered to the OTLP collector');
      expect(warnings).toEqual([expect.objectContaining({ level: 40, droppedSpans: 0 })]);
      expect(warnings[0]!.failedSpans).toBeGreaterThanOrEqual(4);
      expect(warnings[0]!.failedByReason).toEqual({ 'http 401': warnings[0]!.failedSpans });
      expect(collector.exports()).toBeGreaterThanOrEqual(2);

      collector.status = 200;
      await queries(stack, 1);
      await until(async () => (await spanCount(stack, 'delivered')) >= 4, 'the spans of one operation delivered');
      expect(logged(stack, 'spans reach the OTLP collector again')).toHaveLength(1);
      expect(stack.logs.join('\n')).not.toContain(EXPORT_KEY);
    } finally {
      await stack.close();
      await collector.close();
    }
  });

  it('down: exports fail as ECONNREFUSED, and the gateway still shuts down cleanly', async () => {
    const stack = await startStubStack({ OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(), OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_EXPORTER_OTLP_TIMEOUT: '300' });
    try {
      await queries(stack, 3);
      await until(() => logged(stack, 'spans not delivered').length > 0, 'the warning');
      expect(logged(stack, 'spans not delivered')[0]!.failedByReason).toEqual({ ECONNREFUSED: expect.any(Number) });
    } finally {
      // Before, the last flush's refused connection made close() reject.
      await expect(stack.close()).resolves.toBeDefined();
    }
  });

  it('hanging: shutdown gives up on the last spans after 2 s and says they are lost', async () => {
    const collector = await startScriptedCollector();
    collector.status = 0;
    // The exporter's own timeout (10 s) would hold the shutdown five times longer.
    const stack = await startStubStack({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000' });
    try {
      await queries(stack, 3);
      const started = Date.now();
      await stack.close();
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1900);
      expect(took).toBeLessThan(6000);
      expect(collector.exports()).toBeGreaterThanOrEqual(1);
      // Three operations of four spans, all still on their way at the deadline: counted and told as lost.
      expect(logged(stack, 'spans not delivered')).toEqual([expect.objectContaining({ failedSpans: 12, failedByReason: { 'shutdown deadline': 12 } })]);
      expect((await stack.gateway.metrics.traceSpans.get()).values).toEqual([expect.objectContaining({ labels: { outcome: 'failed' }, value: 12 })]);
    } finally {
      await collector.close();
    }
  });

  // Both encodings go through the gateway's own span processor, which counts what its queue has no room for.
  it.each(['http/protobuf', 'http/json'])('slow, over %s: spans with no room in the queue are counted as dropped and told in the log', async (protocol) => {
    const collector = await startScriptedCollector();
    collector.status = 0;
    const stack = await startStubStack({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '20',
      OTEL_BSP_MAX_QUEUE_SIZE: '4',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2',
      OTEL_EXPORTER_OTLP_TIMEOUT: '200',
    });
    try {
      // Drops are counted as they happen; failures when an export's 200 ms are up.
      await until(async () => {
        await queries(stack, 1);
        return (await spanCount(stack, 'dropped')) > 0 && (await spanCount(stack, 'failed')) > 0;
      }, 'dropped and failed spans counted');
    } finally {
      await stack.close();
      await collector.close();
    }
    // The first loss was warned of at once; the rest, at the latest at shutdown.
    const warnings = logged(stack, 'spans not delivered to the OTLP collector');
    expect(warnings.some((warning) => (warning.droppedSpans as number) > 0)).toBe(true);
    expect(warnings.some((warning) => ((warning.failedByReason as Record<string, number>).timeout ?? 0) > 0)).toBe(true);
  });
});

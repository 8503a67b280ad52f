import { describe, expect, it } from 'vitest';
import { decodeProtobufExport } from '../helpers/otlpProtobufDecoding.ts';
import { startOtlpReceiver } from '../helpers/otlpReceiver.ts';
import { logged } from '../helpers/spanExportHealth.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { until } from '../helpers/until.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { clientTraceparent } from './spanTree.ts';

describe('span export', () => {
  it('sends OTLP/HTTP protobuf by default, with the configured headers, and flushes everything when the gateway closes', async () => {
    const receiver = await startOtlpReceiver();
    try {
      // A batch delay far longer than the test: only the flush on close can deliver the spans.
      const stack = await startStubStack({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k1' });
      stack.ct.handler = faults.json(200, paymentPage(['p1']));
      const client = clientTraceparent();
      const res = await stack.gql('query Flushed { myPayments(first: 1) { nodes { id } } }', { headers: { traceparent: client.header } });
      expect(res.body.errors).toBeUndefined();
      expect(receiver.exports).toHaveLength(0);
      await stack.close();

      expect(receiver.exports.length).toBeGreaterThan(0);
      const sent = receiver.exports[0]!;
      expect(sent).toMatchObject({ path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'x-collector-key': 'k1' } });
      // What a collector decodes: the whole trace under the caller's trace id, from this service.
      const spans = await receiver.trace(client.traceId);
      expect(outlineNames(spans)).toEqual(['GET /me/payments', 'POST /graphql', 'Query.myPayments', 'query Flushed']);
      expect(spans.every((span) => span.serviceName === 'payments-graphql-gateway')).toBe(true);
      expect(spans.find((span) => span.kind === 2)).toMatchObject({ parentSpanId: client.spanId, attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 } });
    } finally {
      await receiver.close();
    }
  });

  it('gzips every export when asked, and sends a full batch at once without waiting for the delay', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const stack = await startStubStack({
        ...receiver.gatewayEnv,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_BSP_SCHEDULE_DELAY: '600000',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2',
      });
      stack.ct.handler = faults.json(200, paymentPage(['p1']));
      const client = clientTraceparent();
      const res = await stack.gql('query Batched { myPayments(first: 1) { nodes { id } } }', { headers: { traceparent: client.header } });
      expect(res.body.errors).toBeUndefined();
      // Server, operation, root field and upstream call: two full batches of two, long before the 600 s delay.
      await until(() => receiver.spans.length >= 4, 'two full batches');
      await stack.close();

      expect(receiver.exports.every((sent) => sent.headers['content-encoding'] === 'gzip')).toBe(true);
      const perExport = receiver.exports.map((sent) => spansIn(sent.body));
      expect(perExport.every((count) => count >= 1 && count <= 2)).toBe(true);
      expect(outlineNames(await receiver.trace(client.traceId))).toEqual(['GET /me/payments', 'POST /graphql', 'Query.myPayments', 'query Batched']);
    } finally {
      await receiver.close();
    }
  });

  it("names the service, the operator's resource attributes and an id of each instance", async () => {
    const receiver = await startOtlpReceiver();
    const stacks: StubStack[] = [];
    try {
      const resourceEnv = { OTEL_SERVICE_NAME: 'payments-eu', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.version=1.4.2,service.name=not-this-one' };
      stacks.push(await startStubStack({ ...receiver.gatewayEnv, ...resourceEnv }));
      stacks.push(await startStubStack({ ...receiver.gatewayEnv, ...resourceEnv }));
      stacks.push(await startStubStack({ ...receiver.gatewayEnv, OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=pod-7' }));
      const resources = [];
      for (const stack of stacks) {
        stack.ct.handler = faults.json(200, paymentPage(['p1']));
        const client = clientTraceparent();
        expect((await stack.gql('{ myPayments(first: 1) { nodes { id } } }', { headers: { traceparent: client.header } })).body.errors).toBeUndefined();
        resources.push((await receiver.trace(client.traceId))[0]!.resource);
      }
      const [first, second, third] = resources;
      expect(first).toMatchObject({ 'service.name': 'payments-eu', 'deployment.environment.name': 'staging', 'service.version': '1.4.2', 'telemetry.sdk.language': 'nodejs' });
      expect(first!['service.instance.id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(second!['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(second!['service.instance.id']).not.toBe(first!['service.instance.id']);
      expect(third).toMatchObject({ 'service.name': 'payments-graphql-gateway', 'service.instance.id': 'pod-7' });
    } finally {
      for (const stack of stacks) await stack.close();
      await receiver.close();
    }
  });

  it('warns at start about propagators it does not speak', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const stack = await startStubStack({ ...receiver.gatewayEnv, OTEL_PROPAGATORS: 'tracecontext,b3' });
      await stack.close();
      expect(logged(stack, 'OTEL_PROPAGATORS names formats')).toEqual([expect.objectContaining({ level: 40, propagators: ['b3'] })]);
    } finally {
      await receiver.close();
    }
  });
});

function spansIn(body: Buffer): number {
  return decodeProtobufExport(body).length;
}

function outlineNames(spans: ReadonlyArray<{ name: string }>): string[] {
  return spans.map((span) => span.name).sort();
}

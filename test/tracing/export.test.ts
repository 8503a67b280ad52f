import { describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../helpers/otlpReceiver.ts';
import { startStubStack } from '../helpers/stubStack.ts';
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
      const body = Buffer.concat(receiver.exports.map((e) => e.body));
      // Protobuf carries the trace id as 16 raw bytes and names as UTF-8 strings.
      expect(body.includes(Buffer.from(client.traceId, 'hex'))).toBe(true);
      for (const name of ['POST /graphql', 'query Flushed', 'Query.myPayments', 'GET /me/payments', 'payments-graphql-gateway']) expect(body.includes(name)).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});

/**
 * The tracing floor: the gateway's own tracing code (src/observability/tracing, with the SDK and the OTLP protobuf
 * exporter it loads) driven through one request's five spans — server, operation, root field, DataLoader batch,
 * upstream call — with no server, GraphQL or upstream around it. What it costs per request here is the least tracing
 * can add to a real request, whatever the gateway around it does. Sampled, unsampled and untraced requests (the same
 * loop without tracing, whose cost the bench takes off the others) take turns in windows of BENCH_FLOOR_SECONDS;
 * each window's CPU includes its spans' export (to BENCH_FLOOR_SINK).
 * Prints `BENCH_READY {"sampled": [µs…], "unsampled": [µs…], "untraced": [µs…], "sampledRequests": n}` (CPU µs per
 * request of each window; how many server spans the sink should have received) and exits.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, type OperationDefinitionNode } from 'graphql';
import { createTracing } from '../../src/observability/tracing/sdk.ts';
import type { GatewayTracing, GraphqlRequestHandler, UpstreamHeaders } from '../../src/observability/tracing/types.ts';
import { tracingConfig } from '../../src/tracingConfig.ts';

const sink = process.env.BENCH_FLOOR_SINK;
const seconds = Number(process.env.BENCH_FLOOR_SECONDS ?? '3');
const rounds = Number(process.env.BENCH_FLOOR_ROUNDS ?? '4');
if (!sink) throw new Error('tracingFloor.ts needs BENCH_FLOOR_SINK (an OTLP/HTTP receiver)');

/** The bench's single-payment query, as the gateway would have parsed it. */
const document = parse('query Payment($id: String!) { myPayment(id: $id) { id amountPlanned { centAmount currencyCode } } }');
const operation = document.definitions[0] as OperationDefinitionNode;
const NO_ERRORS = { errors: [] };

async function gatewayTracing(sampler: string): Promise<GatewayTracing> {
  const config = tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: sink, OTEL_TRACES_SAMPLER: sampler, OTEL_BSP_SCHEDULE_DELAY: '250' });
  if (config === undefined) throw new Error('no tracing configuration');
  return createTracing(config);
}

/** One request's trip through the tracing calls the gateway makes, in its order; the upstream answers at once. */
function requestThrough(tracing: GatewayTracing): GraphqlRequestHandler {
  const upstream = tracing.forUpstream('commercetools', 'http://127.0.0.1:9');
  return tracing.traceHttp(async (req, res) => {
    const trace = tracing.startOperation(req)!;
    await trace.rootField('Query', 'myPayment', 'myPayment', () =>
      trace.batch('paymentById', 1, async (parent) => {
        const headers: UpstreamHeaders = { authorization: undefined, traceparent: undefined, tracestate: undefined };
        const call = upstream.start(parent, 'GET', 'GET /{projectKey}/me/payments/{id}', headers);
        call.attempted();
        await Promise.resolve();
        call.end(200, 0, false);
      }),
    );
    trace.finished(document, operation, NO_ERRORS);
    res.statusCode = 200;
  });
}

/** Requests per millisecond: about what a gateway serves (~3 000/s), so the export keeps up and drops no span. */
const PER_TICK = 4;
let sampledRequests = 0;

/** CPU µs per request over a window of requests, its export (the 250 ms delay, twice) included. */
async function window(handle: GraphqlRequestHandler, counted: boolean): Promise<number> {
  const cpu = process.cpuUsage();
  const until = performance.now() + seconds * 1000;
  let requests = 0;
  while (performance.now() < until) {
    for (let i = 0; i < PER_TICK; i++, requests++) {
      const req = { method: 'POST', headers: {}, socket: { localPort: 4000 } } as unknown as IncomingMessage;
      await handle(req, { statusCode: 0 } as ServerResponse, 'bench');
    }
    // Timers and sockets (the exporter's) get their turn, as between a server's requests.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const used = process.cpuUsage(cpu);
  if (counted) sampledRequests += requests;
  return (used.user + used.system) / requests;
}

/** The same loop and awaits with no tracing: what pacing and the loop cost, taken off the other two. */
const untraced: GraphqlRequestHandler = async (_req, res) => {
  await (async () => {
    await Promise.resolve();
  })();
  res.statusCode = 200;
};

const sampledTracing = await gatewayTracing('always_on');
const unsampledTracing = await gatewayTracing('always_off');
const handlers = { sampled: requestThrough(sampledTracing), unsampled: requestThrough(unsampledTracing), untraced };
const kinds = ['sampled', 'unsampled', 'untraced'] as const;
// Warm-up: every path compiled before anything is counted.
for (const kind of kinds) await window(handlers[kind], kind === 'sampled');
const result = { sampled: [] as number[], unsampled: [] as number[], untraced: [] as number[], sampledRequests: 0 };
for (let round = 0; round < rounds; round++) {
  // Each round starts with another kind, so none always follows the same one.
  for (let turn = 0; turn < kinds.length; turn++) {
    const kind = kinds[(round + turn) % kinds.length]!;
    result[kind].push(await window(handlers[kind], kind === 'sampled'));
  }
}
await Promise.all([sampledTracing.shutdown(), unsampledTracing.shutdown()]);
result.sampledRequests = sampledRequests;
process.stdout.write(`BENCH_READY ${JSON.stringify(result)}\n`);

/**
 * The tracing floor, a lower bound: the gateway's own tracing code (src/observability/tracing, with the SDK, the span
 * processor and the OTLP transport it loads) driven through one request's five spans — server, operation, root field,
 * DataLoader batch, upstream call — with no server, GraphQL, log line or upstream around it. What a request costs
 * here is the least tracing can add to a real one: the gateway also copies its context and callers for a root
 * field's span, masks names and writes the ids on the log line, none of which is here. Sampled, unsampled and
 * untraced requests (the same loop without tracing, whose cost the bench takes off the others) take turns in windows
 * of BENCH_FLOOR_SECONDS, each after a second of uncounted untraced requests that pays what the window before left
 * behind (the garbage of its spans); each window's CPU includes its spans' export. The samplers and exporter are the traced bench gateways' (BENCH_FLOOR_SAMPLED_ENV and
 * BENCH_FLOOR_UNSAMPLED_ENV: their OTEL_* variables as JSON).
 * With BENCH_COMPARE_DIR (a copy of the repo at another commit, with its node_modules), that tree's tracing module runs
 * the same sampled requests in windows of its own in the same rounds (`compared`): a change's effect within one run.
 * Prints `BENCH_READY {"sampled": [µs…], "unsampled": [µs…], "untraced": [µs…], "compared": [µs…], "sampledRequests": n, "dropped": n, "failedExports": n}`
 * (CPU µs per request of each window; how many server spans the sink should have received; spans the span processor dropped;
 * exports that failed),
 * then waits to be stopped.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { SpanExportReport } from '../../src/observability/tracing/exportReport.ts';
import { createTracing } from '../../src/observability/tracing/sdk.ts';
import type { GatewayTracing, GraphqlRequestHandler, UpstreamHeaders } from '../../src/observability/tracing/types.ts';
import { tracingConfig } from '../../src/tracingConfig.ts';
import { createKeyedHash } from '../../src/idempotency/keyedHash.ts';
import { documentFingerprint } from '../../src/observability/documentFingerprint.ts';

const seconds = Number(process.env.BENCH_FLOOR_SECONDS ?? '3');
const rounds = Number(process.env.BENCH_FLOOR_ROUNDS ?? '4');

let dropped = 0;
let failedExports = 0;
/** What the gateway's export report hears, counted here: dropped spans (the processor's queue full, or unreadable) and failed exports. */
const report: SpanExportReport = {
  delivered: () => undefined,
  failed: () => void failedExports++,
  dropped: (spans) => void (dropped += spans),
  close: () => undefined,
};

/** The bench's single-payment query, as the gateway would have parsed it. */
const document = parse('query Payment($id: String!) { myPayment(id: $id) { id amountPlanned { centAmount currencyCode } } }');
const operation = document.definitions[0] as OperationDefinitionNode;
const NO_ERRORS = { errors: [] };
/** As the gateway names documents (a per-process secret, as an untraced gateway without IDEMPOTENCY_SECRET has). */
const fingerprint = documentFingerprint(createKeyedHash(randomBytes(32).toString('hex')));

async function gatewayTracing(variable: string, tree?: string): Promise<GatewayTracing> {
  const json = process.env[variable];
  if (!json) throw new Error(`tracingFloor.ts needs ${variable} (the traced gateway's OTEL_* variables as JSON)`);
  const env = JSON.parse(json) as Record<string, string>;
  if (tree !== undefined) {
    // The other tree's own modules, so its tracing code is measured as it was there.
    const other = (module: string) => import(pathToFileURL(join(tree, 'src', module)).href);
    const [{ createTracing: create }, { tracingConfig: configOf }] = await Promise.all([other('observability/tracing/sdk.ts'), other('tracingConfig.ts')]);
    return (create as typeof createTracing)((configOf as typeof tracingConfig)(env)!, report, fingerprint);
  }
  const config = tracingConfig(env);
  if (config === undefined) throw new Error(`${variable} configures no tracing`);
  return createTracing(config, report, fingerprint);
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

/** The same loop and awaits with no tracing: what pacing and the loop cost, taken off the other two. */
const untraced: GraphqlRequestHandler = async (_req, res) => {
  await (async () => {
    await Promise.resolve();
  })();
  res.statusCode = 200;
};

/** Requests per timer tick (a millisecond and the work): ~3 000 a second, about a gateway's rate, so the export keeps up. */
const PER_TICK = 4;

/** A window's requests and the CPU µs per request it used, its export (the 250 ms delay, twice) included. */
async function window(handle: GraphqlRequestHandler, length = seconds): Promise<{ requests: number; cpuUs: number }> {
  const cpu = process.cpuUsage();
  const until = performance.now() + length * 1000;
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
  return { requests, cpuUs: (used.user + used.system) / requests };
}

const sampledTracing = await gatewayTracing('BENCH_FLOOR_SAMPLED_ENV');
const unsampledTracing = await gatewayTracing('BENCH_FLOOR_UNSAMPLED_ENV');
const compareDir = process.env.BENCH_COMPARE_DIR || undefined;
const comparedTracing = compareDir === undefined ? undefined : await gatewayTracing('BENCH_FLOOR_SAMPLED_ENV', compareDir);
const handlers = { sampled: requestThrough(sampledTracing), unsampled: requestThrough(unsampledTracing), untraced, compared: comparedTracing && requestThrough(comparedTracing) };
type Kind = 'sampled' | 'unsampled' | 'untraced' | 'compared';
const kinds: Kind[] = ['sampled', 'unsampled', 'untraced', ...(comparedTracing ? (['compared'] as const) : [])];
// Every sampled request's server span should reach the sink, the warm-up's too.
let sampledRequests = 0;
const run = async (kind: Kind) => {
  const { requests, cpuUs } = await window(handlers[kind]!);
  if (kind === 'sampled' || kind === 'compared') sampledRequests += requests;
  return cpuUs;
};
// Warm-up: every path compiled before anything is counted.
for (const kind of kinds) await run(kind);
const windows = { sampled: [] as number[], unsampled: [] as number[], untraced: [] as number[], compared: [] as number[] };
for (let round = 0; round < rounds; round++) {
  // Each round starts with another kind, so none always follows the same one.
  for (let turn = 0; turn < kinds.length; turn++) {
    const kind = kinds[(round + turn) % kinds.length]!;
    // Not a forced collection: that shrinks the young generation, and the next window collects more often.
    await window(untraced, 1);
    windows[kind].push(await run(kind));
  }
}
await Promise.all([sampledTracing.shutdown(), unsampledTracing.shutdown(), comparedTracing?.shutdown()]);
process.stdout.write(`BENCH_READY ${JSON.stringify({ ...windows, sampledRequests, dropped, failedExports })}\n`);
// Alive until stopped: a process that exits may do so before its last line is read.
process.on('SIGTERM', () => process.exit(0));
setInterval(() => undefined, 60_000);

/**
 * What tracing costs: the same gateway without tracing, tracing every operation and tracing 1% of them (OTLP/HTTP
 * protobuf to a local sink), measured at saturation in alternating rounds of one run.
 */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { alternate, measure, type Target } from './load.ts';
import { startReadyChild, type Child, type Pinning } from './processes.ts';
import { median, ratio, table } from './report.ts';
import { gatewaySingle, graphqlProblem, probe } from './scenarios.ts';
import { ROOT, type BenchStack } from './stack.ts';

export async function runTracingCost(stack: BenchStack, pinning: Pinning, options: { id: string; seconds: number; rounds: number; connections: number }): Promise<void> {
  const children: Child[] = [];
  const logs: string[] = [];
  try {
    const sink = await startReadyChild<{ url: string }>('OTLP sink', pinning.loadCore, join(ROOT, 'test/bench/otlpSink.ts'), {});
    children.push(sink.child);
    // The bench gateway's own settings (limits, log, persisted documents), tracing alone added: only tracing differs.
    const startTraced = async (name: string, ratioArg: string, protocol = 'http/protobuf') => {
      const started = await stack.startGateway(name, {
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.ready.url,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: ratioArg,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      });
      children.push(started.child);
      logs.push(started.logFile);
      return started;
    };
    const all = await startTraced('gateway-traced-100', '1');
    const some = await startTraced('gateway-traced-1', '0.01');
    const json = await startTraced('gateway-traced-100-json', '1', 'http/json');

    const e = stack.endpoints;
    const targets: Record<'off' | 'all' | 'some' | 'json', { target: Target; pid: number }> = {
      off: { target: gatewaySingle(e, options.id), pid: stack.gateway.pid },
      all: { target: gatewaySingle({ ...e, gatewayUrl: all.url }, options.id), pid: all.child.pid },
      some: { target: gatewaySingle({ ...e, gatewayUrl: some.url }, options.id), pid: some.child.pid },
      json: { target: gatewaySingle({ ...e, gatewayUrl: json.url }, options.id), pid: json.child.pid },
    };
    for (const [key, { target }] of Object.entries(targets)) {
      const problem = graphqlProblem(await probe(target));
      if (problem) throw new Error(`${key}: the gateway does not answer the single-payment query: ${problem}`);
    }
    const run = (key: keyof typeof targets, seconds: number) => measure(targets[key].target, { seconds, connections: options.connections, pid: targets[key].pid });
    for (const key of ['all', 'some', 'json'] as const) await run(key, Math.min(5, options.seconds));
    const series = await alternate(['off', 'all', 'some', 'json'] as const, options.rounds, (key) => run(key, options.seconds));
    const off = median(series.off);
    const traced = median(series.all);
    const sampled = median(series.some);
    const jsonTraced = median(series.json);
    await Promise.all([all.child, some.child, json.child].map((child) => child.stop())); // flushes what is still queued
    const sunk = (await (await fetch(`${sink.ready.url}/count`)).json()) as { exports: number; bytes: number; serverSpans: number };
    const measured = [...series.all, ...series.json].reduce((sum, m) => sum + m.requests, 0);
    console.log(
      table(`tracing cost: myPayment(id) at saturation (${options.connections} connections, median of ${options.rounds} alternating rounds)`, [
        { name: 'gateway, tracing off', m: off },
        { name: 'gateway, tracing 100% (OTLP protobuf)', m: traced },
        { name: 'gateway, tracing 1%', m: sampled },
        { name: 'gateway, tracing 100% (OTLP JSON)', m: jsonTraced },
      ]),
    );
    // The 100% gateways also served their warm-up and probe, so at least `measured` server spans must have arrived.
    console.log(`  OTLP sink: ${sunk.exports} exports, ${(sunk.bytes / 1_048_576).toFixed(1)} MiB, ${sunk.serverSpans} server spans for ${measured} requests measured at 100% (protobuf and JSON, plus warm-up and the 1% sample)`);
    console.log(ratio('throughput lost tracing 100%', 1 - traced.rps / off.rps, { op: '<=', limit: 0.15 }));
    console.log(ratio('throughput lost tracing 1%', 1 - sampled.rps / off.rps, { op: '<=', limit: 0.03 }));
    console.log(ratio('CPU per request, tracing 100% / off', (traced.cpuPerKReq ?? NaN) / (off.cpuPerKReq ?? NaN)));
    console.log(ratio('CPU per request, tracing 1% / off', (sampled.cpuPerKReq ?? NaN) / (off.cpuPerKReq ?? NaN)));
    console.log(ratio('throughput lost tracing 100% over OTLP JSON', 1 - jsonTraced.rps / off.rps));
  } finally {
    for (const child of children.reverse()) await child.stop();
    await Promise.all(logs.map((log) => rm(log, { force: true })));
  }
}

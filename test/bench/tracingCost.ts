/**
 * What tracing costs: the same gateway without tracing, tracing every operation and tracing 1% of them (OTLP/HTTP
 * protobuf, and JSON at 100%, to a local sink), several processes each, at saturation in alternating rounds.
 */
import { join } from 'node:path';
import type { Pinning } from './processes.ts';
import { startReadyChild } from './processes.ts';
import { cpuPerKReqOf, pairedRatio, ratio, rpsOf, table, trueMedian } from './report.ts';
import { measure, rewarm, type Measured, type Measurement } from './load.ts';
import { gatewaySingle } from './scenarios.ts';
import { ROOT, type BenchStack } from './stack.ts';
import { runSampledInProcess } from './sampledInProcess.ts';
import { runSampledVariants } from './sampledVariants.ts';
import { parseVariants } from './envVariants.ts';
import { sameCore, sameCoreLine } from './sameCore.ts';
import { measureVariants, type VariantOptions } from './variants.ts';

/** The floor's OTLP encoding (BENCH_FLOOR_PROTOCOL): protobuf, the default, or `http/json`. */
const FLOOR_PROTOCOL = process.env.BENCH_FLOOR_PROTOCOL ?? 'http/protobuf';
if (FLOOR_PROTOCOL !== 'http/protobuf' && FLOOR_PROTOCOL !== 'http/json') throw new Error(`BENCH_FLOOR_PROTOCOL must be http/protobuf or http/json, got "${FLOOR_PROTOCOL}"`);

/** OTEL_BSP_SCHEDULE_DELAY of the traced gateways (the default 5 s would make every settle wait 10 s). */
const EXPORT_DELAY_MS = 250;

export interface OtlpSink {
  url: string;
  /** What the sink has received so far. */
  count(): Promise<{ exports: number; bytes: number; serverSpans: number }>;
  /**
   * Waits until no export has arrived for twice the export delay. A traced gateway goes on encoding and exporting
   * its last spans after its round, on the core the next gateway is measured on (and the sink decodes them beside
   * the load generator): without the wait the 1% gateway, measured after the 100% one, paid for the 100% one's tail.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** test/bench/otlpSink.ts as a child process on the load core (beside the load generator, off the gateway's core). */
export async function startOtlpSink(pinning: Pinning): Promise<OtlpSink> {
  const { child, ready } = await startReadyChild<{ url: string }>('OTLP sink', pinning.loadCore, join(ROOT, 'test/bench/otlpSink.ts'), {});
  const count = async () => (await (await fetch(`${ready.url}/count`)).json()) as { exports: number; bytes: number; serverSpans: number };
  return {
    url: ready.url,
    count,
    async settle() {
      let last = (await count()).exports;
      for (let waited = 0; waited < 15_000; waited += EXPORT_DELAY_MS * 2) {
        await new Promise((resolve) => setTimeout(resolve, EXPORT_DELAY_MS * 2));
        const now = (await count()).exports;
        if (now === last) return;
        last = now;
      }
      throw new Error('the OTLP sink kept receiving exports for 15 s after a round');
    },
    stop: () => child.stop(),
  };
}

/** The bench gateway's own settings (limits, log, persisted documents), tracing alone added: only tracing differs. */
function tracedEnv(sink: OtlpSink, ratioArg: string, protocol: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: ratioArg,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    // The spans of a round's last quarter second leave before the next round starts (see OtlpSink.settle).
    OTEL_BSP_SCHEDULE_DELAY: String(EXPORT_DELAY_MS),
  };
}

/**
 * `BENCH_TRACING=inprocess`: only what needs no second gateway: the tracing floor and sampled against unsampled requests
 * in one process (`BENCH_INPROCESS_PROFILE=1`: with a profile of each window); with `BENCH_INPROCESS_VARIANTS`, only
 * that reading at 100%, for each tracing configuration given, in the same rounds (sampledVariants.ts).
 */
export async function runTracingInProcess(stack: BenchStack, pinning: Pinning, options: VariantOptions): Promise<void> {
  const sink = await startOtlpSink(pinning);
  try {
    const variants = process.env.BENCH_INPROCESS_VARIANTS;
    if (variants !== undefined) await runSampledVariants(stack, { ...options, sink, tracedEnv: tracedEnv(sink, '0', 'http/protobuf'), variants: parseVariants(variants) });
    else await runFloorAndInProcess(stack, pinning, options, sink);
  } finally {
    await sink.stop();
  }
}

/**
 * Two readings free of the spread between processes (several percent on its own): the floor (the tracing code with
 * no server around it) and sampled against unsampled requests in one gateway, 1% and 100% of them.
 */
async function runFloorAndInProcess(stack: BenchStack, pinning: Pinning, options: VariantOptions, sink: OtlpSink): Promise<void> {
  await runTracingFloor(stack, pinning, options, sink);
  const profile = process.env.BENCH_INPROCESS_PROFILE === '1';
  for (const every of [100, 1]) await runSampledInProcess(stack, { ...options, sink, every, profile, tracedEnv: tracedEnv(sink, '0', 'http/protobuf') });
}

export async function runTracingCost(stack: BenchStack, pinning: Pinning, options: VariantOptions): Promise<void> {
  const sink = await startOtlpSink(pinning);
  try {
    const traced = (ratioArg: string, protocol: string) => tracedEnv(sink, ratioArg, protocol);
    const sameCoreLines: string[] = [];
    const { median: m, byRound } = await measureVariants(
      stack,
      { off: {}, all: traced('1', 'http/protobuf'), some: traced('0.01', 'http/protobuf'), json: traced('1', 'http/json') },
      {
        ...options,
        settle: sink.settle,
        // Untraced and traced loaded together on one core: the host's noise falls on both alike (test/bench/sameCore.ts).
        async thenWith(processes) {
          const same = { rounds: options.rounds, seconds: options.seconds, connections: options.connections, settle: sink.settle };
          const some = await sameCore(processes.off!, processes.some!, same);
          const all = await sameCore(processes.off!, processes.all!, same);
          sameCoreLines.push(
            `\nsame core, same time: an untraced and a traced gateway loaded together on one core, ${options.rounds} rounds of ${options.seconds}s (throughput lost = 1 - off/traced CPU per request)`,
            sameCoreLine('tracing 1%: off/traced CPU per request', some, { op: '>=', limit: 0.97 }),
            sameCoreLine('tracing 100%: off/traced CPU per request', all, { op: '>=', limit: 0.85 }),
          );
        },
      },
    );
    const sunk = await sink.count();
    const measured = m.all.requests + m.json.requests;
    console.log(
      table(`tracing cost: myPayment(id) at saturation (${options.connections} connections, ${options.processes} processes each, median of ${options.rounds} alternating rounds)`, [
        { name: 'gateway, tracing off', m: m.off },
        { name: 'gateway, tracing 100% (OTLP protobuf)', m: m.all },
        { name: 'gateway, tracing 1%', m: m.some },
        { name: 'gateway, tracing 100% (OTLP JSON)', m: m.json },
      ]),
    );
    // The 100% gateways also served their warm-up and probe, so at least `measured` server spans must have arrived.
    console.log(`  OTLP sink: ${sunk.exports} exports, ${(sunk.bytes / 1_048_576).toFixed(1)} MiB, ${sunk.serverSpans} server spans for ${measured} requests measured at 100% (protobuf and JSON, plus warm-up and the 1% sample)`);
    console.log(ratio('server spans received / requests measured at 100% (below 1: spans dropped)', sunk.serverSpans / measured, { op: '>=', limit: 1 }));
    const cpu = (key: keyof typeof m) => m[key].cpuPerKReq ?? NaN;
    console.log(ratio('throughput lost tracing 100%', 1 - m.all.rps / m.off.rps, { op: '<=', limit: 0.15 }));
    console.log(ratio('throughput lost tracing 1%', 1 - m.some.rps / m.off.rps, { op: '<=', limit: 0.03 }));
    const lost = (key: keyof typeof m) => 1 - pairedRatio(byRound[key], byRound.off, rpsOf);
    console.log(ratio('throughput lost tracing 100%, paired by round', lost('all'), { op: '<=', limit: 0.15 }));
    console.log(ratio('throughput lost tracing 1%, paired by round', lost('some'), { op: '<=', limit: 0.03 }));
    console.log(ratio('CPU per request, tracing 1% / off, paired by round', pairedRatio(byRound.some, byRound.off, cpuPerKReqOf)));
    console.log(ratio('CPU per request, tracing 100% / off', cpu('all') / cpu('off')));
    console.log(ratio('CPU per request, tracing 1% / off', cpu('some') / cpu('off')));
    console.log(ratio('throughput lost tracing 100% over OTLP JSON', 1 - m.json.rps / m.off.rps));
    for (const line of sameCoreLines) console.log(line);
    await runFloorAndInProcess(stack, pinning, options, sink);
  } finally {
    await sink.stop();
  }
}

/**
 * test/bench/tracingFloor.ts pinned where the gateway runs, between two series of rounds of the untraced bench
 * gateway: a lower bound of what tracing adds to a request, as a share of what an untraced request costs in the same
 * run. Only meaningful while that gateway is CPU-bound (BENCH_UPSTREAM=trivial): the share assumes it.
 */
async function runTracingFloor(stack: BenchStack, pinning: Pinning, options: VariantOptions, sink: OtlpSink): Promise<void> {
  const served = stack.copies.gateway[0]!;
  const gateway: Measured = { target: gatewaySingle({ ...stack.endpoints, gatewayUrl: served.url }, options.id), pid: served.pid };
  const untracedRounds: Measurement[] = [];
  const untraced = async () => {
    for (let round = 0; round < Math.ceil(options.rounds / 2); round++) {
      await rewarm([gateway.target], options.connections);
      untracedRounds.push(await measure(gateway.target, { seconds: options.seconds, connections: options.connections, pid: gateway.pid }));
    }
  };
  await untraced();
  await sink.settle();
  const received = (await sink.count()).serverSpans;
  // The child's samplers are the traced gateways' own (parent-based ratio, 1 and 0), with their export delay.
  const env = {
    BENCH_FLOOR_SAMPLED_ENV: JSON.stringify(tracedEnv(sink, '1', FLOOR_PROTOCOL)),
    BENCH_FLOOR_UNSAMPLED_ENV: JSON.stringify(tracedEnv(sink, '0', FLOOR_PROTOCOL)),
    BENCH_FLOOR_SECONDS: String(options.seconds),
    BENCH_FLOOR_ROUNDS: String(options.rounds),
    BENCH_COMPARE_DIR: process.env.BENCH_COMPARE_DIR ?? '',
  };
  const { child, ready: floor } = await startReadyChild<FloorWindows>('tracing floor', pinning.proxyCore, join(ROOT, 'test/bench/tracingFloor.ts'), env);
  await child.stop();
  await sink.settle();
  const exported = (await sink.count()).serverSpans - received;
  await untraced();
  const cpu = untracedRounds.map(cpuPerKReqOf).filter((value): value is number => value !== undefined);
  const off = trueMedian(cpu);
  // CPU ms per second of the untraced rounds: near 1000 when the gateway kept its core busy.
  const busy = trueMedian(untracedRounds.map((m) => (m.rps * (m.cpuPerKReq ?? NaN)) / 1000));
  // Each window less the loop's own cost (its untraced window of the same round).
  const added = (kind: 'sampled' | 'unsampled') => floor[kind].map((value, round) => value - floor.untraced[round]!);
  const [sampled, unsampled] = [added('sampled'), added('unsampled')];
  // Throughput lost to an added cost x on a CPU-bound request costing c: x / (c + x).
  const lost = (extra: number) => extra / (off + extra);
  const us = (values: number[]) => `${trueMedian(values).toFixed(1)} µs (rounds ${values.map((v) => v.toFixed(1)).join(', ')})`;
  console.log(
    [
      `\ntracing floor, a lower bound: the gateway's tracing code with the SDK and ${FLOOR_PROTOCOL} export, driven through one request's five spans with no server, GraphQL or log line around them (test/bench/tracingFloor.ts), ${options.rounds} rounds of ${options.seconds}s windows, on the gateway's core when pinned`,
      `  untraced gateway: ${off.toFixed(1)} µs CPU per request, its core ${(busy / 10).toFixed(0)}% busy (median of ${cpu.length} rounds, half before, half after; the shares below assume it CPU-bound)`,
      `  the floor's loop alone: ${us(floor.untraced)}, taken off the two below`,
      `  sampled request adds ${us(sampled)}`,
      ratio('  at 100%, throughput lost at least', lost(trueMedian(sampled)), { op: '<=', limit: 0.15 }, 3),
      ratio(`  server spans received / sampled requests (warm-up included: ${exported} / ${floor.sampledRequests})`, exported / floor.sampledRequests, { op: '>=', limit: 1 }, 3),
      ratio('  spans the span processor dropped (queue full or unreadable)', floor.dropped, { op: '<=', limit: 0 }, 0),
      ratio('  exports that failed', floor.failedExports, { op: '<=', limit: 0 }, 0),
      `  unsampled request adds ${us(unsampled)}`,
      ratio('  at 1%, throughput lost at least', lost(0.99 * trueMedian(unsampled) + 0.01 * trueMedian(sampled)), { op: '<=', limit: 0.03 }, 3),
      ...comparedLines(floor, sampled, us),
    ].join('\n'),
  );
}

/** With BENCH_COMPARE_DIR: the other tree's sampled request, in the same rounds, and this tree's against it by round. */
function comparedLines(floor: FloorWindows, sampled: number[], us: (values: number[]) => string): string[] {
  if (floor.compared.length === 0) return [];
  const compared = floor.compared.map((value, round) => value - floor.untraced[round]!);
  const byRound = sampled.map((value, round) => value / compared[round]!);
  return [
    `  BENCH_COMPARE_DIR's tracing, sampled request adds ${us(compared)}`,
    `  this tree / BENCH_COMPARE_DIR, sampled request's added CPU paired by round: ${trueMedian(byRound).toFixed(3)} (rounds ${byRound.map((v) => v.toFixed(2)).join(', ')})`,
  ];
}

/** What test/bench/tracingFloor.ts reports: CPU µs per request of each window by kind and round, and its checks. */
interface FloorWindows {
  sampled: number[];
  unsampled: number[];
  untraced: number[];
  /** With BENCH_COMPARE_DIR: the other tree's sampled requests. */
  compared: number[];
  /** Sampled requests, warm-up included: the server spans the sink should have received. */
  sampledRequests: number;
  /** Spans the span processor dropped (its queue was full, or a span it could not read). */
  dropped: number;
  /** Exports the collector (the bench's sink) did not take. */
  failedExports: number;
}

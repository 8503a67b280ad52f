/**
 * What tracing costs: the same gateway without tracing, tracing every operation and tracing 1% of them (OTLP/HTTP
 * protobuf, and JSON at 100%, to a local sink), several processes each, at saturation in alternating rounds.
 */
import { join } from 'node:path';
import type { Pinning } from './processes.ts';
import { startReadyChild } from './processes.ts';
import { cpuPerKReqOf, pairedRatio, ratio, rpsOf, table } from './report.ts';
import { ROOT, type BenchStack } from './stack.ts';
import { runSampledInProcess } from './sampledInProcess.ts';
import { sameCore, sameCoreLine } from './sameCore.ts';
import { measureVariants, type VariantOptions } from './variants.ts';

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

export async function runTracingCost(stack: BenchStack, pinning: Pinning, options: VariantOptions): Promise<void> {
  const sink = await startOtlpSink(pinning);
  try {
    // The bench gateway's own settings (limits, log, persisted documents), tracing alone added: only tracing differs.
    const traced = (ratioArg: string, protocol: string) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: ratioArg,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      // The spans of a round's last quarter second leave before the next round starts (see OtlpSink.settle).
      OTEL_BSP_SCHEDULE_DELAY: String(EXPORT_DELAY_MS),
    });
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
    // The separate processes above differ by several percent on their own: the sampled requests' share, measured in one.
    await runSampledInProcess(stack, { ...options, sink, tracedEnv: traced('0', 'http/protobuf') });
  } finally {
    await sink.stop();
  }
}

/**
 * What sampled requests cost, in one process: a traced gateway that samples no request of its own
 * (`parentbased_traceidratio`, ratio 0) serves windows where 1 request in `every` (100, or 1: all of them) carries a
 * caller's `traceparent` with the sampled flag, alternating with windows where that flag is "not sampled". Both
 * windows run the same code, JIT state and heap, so the difference is what the sampled requests (spans, batching, export) add,
 * free of the process-to-process spread (~6%) that separate gateways carry. What every request pays for tracing
 * being on (ids, sampler, headers) is in both windows: the separate-process comparison measures that. The sampled
 * requests follow their caller's decision (one trace id for all), not the gateway's own ratio; their spans are the same.
 */
import { rm } from 'node:fs/promises';
import { cpuMs } from './processes.ts';
import { cpuPerKReqOf, median, pairedRatio, ratio, rpsOf, table } from './report.ts';
import { gatewaySingle, graphqlProblem, probe } from './scenarios.ts';
import type { BenchStack } from './stack.ts';
import type { OtlpSink } from './tracingCost.ts';
import { measure, type Measurement, type Target } from './load.ts';
import { profileDiff } from './profileDiff.ts';
import { profileTogether, profilingSetup } from './profileWindow.ts';

/** A fixed caller trace: the gateway's spans are children of it; its id holds no run of 12 digits. */
export const CALLER_TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331';

export interface InProcessOptions {
  id: string;
  seconds: number;
  rounds: number;
  connections: number;
  sink: OtlpSink;
  /** The traced gateway's variables (endpoint, protocol, export delay); the sampler is set here. */
  tracedEnv: Record<string, string>;
  /** One request in `every` carries the caller's `traceparent` (100: 1% sampled; 1: all of them). */
  every: number;
  /** Also profile one window of each, one after the other, and print where the sampled one's extra µs go. */
  profile?: boolean;
}

export async function runSampledInProcess(stack: BenchStack, options: InProcessOptions): Promise<void> {
  const profiling = options.profile ? profilingSetup() : undefined;
  const env = { ...options.tracedEnv, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' };
  const { child, url, logFile } = await stack.startGateway('sampled-by-caller', profiling ? profiling.envFor(env) : env);
  try {
    const target = gatewaySingle({ ...stack.endpoints, gatewayUrl: url }, options.id);
    const problem = graphqlProblem(await probe(target));
    if (problem) throw new Error(`the caller-sampled gateway does not answer the single-payment query: ${problem}`);
    const every = options.every;
    const share = `${+(100 / every).toFixed(2)}%`;
    const withFlag = (flag: '00' | '01'): Target => ({
      ...target,
      requests: Array.from({ length: every }, (_unused, index) => ({
        method: target.method,
        headers: index === 0 ? { ...target.headers, traceparent: `${CALLER_TRACE}-${flag}` } : target.headers,
        body: target.body,
      })),
    });
    // The CPU is read once the window's spans have left (the sink settles): their export is part of their cost.
    // With every request sampled, the server spans the sink received in the flag 01 windows and their requests.
    const exported = { spans: 0, requests: 0 };
    const measureWindow = async (flag: '00' | '01', seconds: number): Promise<Measurement> => {
      const counted = flag === '01' && every === 1;
      const spansBefore = counted ? (await options.sink.count()).serverSpans : 0;
      const before = cpuMs(child.pid);
      const m = await measure(withFlag(flag), { seconds, connections: options.connections });
      await options.sink.settle();
      const cpuPerKReq = m.requests === 0 ? undefined : ((cpuMs(child.pid) - before) * 1000) / m.requests;
      if (counted) {
        exported.spans += (await options.sink.count()).serverSpans - spansBefore;
        exported.requests += m.requests;
      }
      return { ...m, cpuPerKReq };
    };
    // Warm-up on both: the sampled path's code is compiled before anything is recorded.
    await measureWindow('01', Math.min(5, options.seconds));
    await measureWindow('00', Math.min(5, options.seconds));
    const unsampled: Measurement[] = [];
    const sampled: Measurement[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Each round starts with the other window, so neither always runs first.
      for (const flag of round % 2 === 0 ? (['00', '01'] as const) : (['01', '00'] as const)) {
        (flag === '01' ? sampled : unsampled).push(await measureWindow(flag, options.seconds));
      }
    }
    console.log(
      table(`sampled requests in one process: 1 in ${every} with a caller's traceparent, flag 01 or 00 (${options.rounds} rounds of both windows, ${options.seconds}s each)`, [
        { name: 'flag 00 (none sampled)', m: median(unsampled) },
        { name: `flag 01 (${share} sampled)`, m: median(sampled) },
      ]),
    );
    console.log(`  ${share} sampled / none, same process, paired by round: throughput ${pairedRatio(sampled, unsampled, rpsOf).toFixed(3)}, CPU per request ${pairedRatio(sampled, unsampled, cpuPerKReqOf).toFixed(3)}`);
    // Only then is the count exact: with 1 in 100, each connection starts its cycle with the sampled request.
    if (every === 1) console.log(ratio('  server spans received / sampled requests (below 1: spans dropped)', exported.spans / exported.requests, { op: '>=', limit: 1 }, 3));
    if (profiling) {
      const load = { seconds: options.seconds * 2, connections: options.connections };
      const [none] = await profileTogether([{ target: withFlag('00'), pid: child.pid }], profiling.dir, load, options.sink.settle);
      const [some] = await profileTogether([{ target: withFlag('01'), pid: child.pid }], profiling.dir, load, options.sink.settle);
      console.log(`  profiles in ${profiling.dir}, a flag 00 window then a flag 01 one, ${load.seconds}s each (${none!.requests} and ${some!.requests} requests):` + profileDiff(none!, some!));
    }
  } finally {
    await child.stop();
    await rm(logFile, { force: true });
  }
}

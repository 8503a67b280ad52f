/**
 * BENCH_INPROCESS_VARIANTS='{"name": {"ENV": "value"}, …}' with BENCH_TRACING=inprocess: what sampling every request
 * costs in one gateway, for each of several tracing configurations (e.g. `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`), measured
 * in the same rounds. Each variant is its own gateway (the traced bench settings plus the variant's variables),
 * alive for the whole run; every round measures, on each gateway in turn (the order rotating), a window of requests
 * whose caller's `traceparent` says "not sampled" and one that says "sampled" (their order alternating), and takes
 * the ratio of CPU per request. Per-round ratios, their median and quartiles: the host's noise falls on a round, and
 * a variant's reading is paired within its own process (see sampledInProcess.ts).
 */
import { rm } from 'node:fs/promises';
import { measure, type Target } from './load.ts';
import { cpuMs } from './processes.ts';
import { trueMedian } from './report.ts';
import { gatewaySingle, graphqlProblem, probe } from './scenarios.ts';
import type { BenchStack } from './stack.ts';
import { CALLER_TRACE, type InProcessOptions } from './sampledInProcess.ts';

export interface SampledVariantsOptions extends Omit<InProcessOptions, 'every' | 'profile'> {
  /** Each variant's variables, added to `tracedEnv` (the traced gateways' common ones: endpoint, export delay, sampler). */
  variants: Record<string, Record<string, string>>;
}

export async function runSampledVariants(stack: BenchStack, options: SampledVariantsOptions): Promise<void> {
  const gateways: Array<{ name: string; pid: number; unsampled: Target; sampled: Target; logFile: string; stop: () => Promise<void> }> = [];
  try {
    for (const [name, env] of Object.entries(options.variants)) {
      const { child, url, logFile } = await stack.startGateway(`variant ${name}`, { ...options.tracedEnv, ...env });
      gateways.push({ name, pid: child.pid, logFile, stop: () => child.stop(), ...flagged(gatewaySingle({ ...stack.endpoints, gatewayUrl: url }, options.id)) });
      const problem = graphqlProblem(await probe(gateways.at(-1)!.sampled));
      if (problem) throw new Error(`variant ${name}'s gateway does not answer the single-payment query: ${problem}`);
    }
    // CPU per request of a window, read once its spans have left (their export is part of their cost).
    const window = async (pid: number, target: Target, seconds: number): Promise<number> => {
      const before = cpuMs(pid);
      const m = await measure(target, { seconds, connections: options.connections });
      await options.sink.settle();
      if (m.requests === 0) throw new Error('a window served no request');
      return ((cpuMs(pid) - before) * 1000) / m.requests;
    };
    for (const g of gateways) {
      await window(g.pid, g.sampled, Math.min(5, options.seconds));
      await window(g.pid, g.unsampled, Math.min(5, options.seconds));
    }
    const ratios = new Map<string, number[]>(gateways.map((g) => [g.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      const shift = round % gateways.length;
      const cells: string[] = [];
      for (const g of [...gateways.slice(shift), ...gateways.slice(0, shift)]) {
        let unsampled: number;
        let sampled: number;
        if (round % 2 === 0) {
          unsampled = await window(g.pid, g.unsampled, options.seconds);
          sampled = await window(g.pid, g.sampled, options.seconds);
        } else {
          sampled = await window(g.pid, g.sampled, options.seconds);
          unsampled = await window(g.pid, g.unsampled, options.seconds);
        }
        ratios.get(g.name)!.push(sampled / unsampled);
        cells.push(`${g.name} ${(sampled / unsampled).toFixed(3)} (${unsampled.toFixed(0)} µs unsampled)`);
      }
      console.log(`  round ${round}: ${cells.join(', ')}`);
    }
    console.log(`every request sampled / none sampled, CPU per request, in one gateway per variant (${options.rounds} rounds of ${options.seconds}s windows):`);
    for (const [name, values] of ratios) {
      const sorted = [...values].sort((a, b) => a - b);
      const quartile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3);
      console.log(`  ${name.padEnd(20)} median ${trueMedian(values).toFixed(3)}  (quartiles ${quartile(0.25)}–${quartile(0.75)})`);
    }
  } finally {
    for (const g of gateways) {
      await g.stop();
      await rm(g.logFile, { force: true });
    }
  }
}

function flagged(target: Target): { unsampled: Target; sampled: Target } {
  const withFlag = (flag: '00' | '01'): Target => ({ ...target, requests: [{ method: target.method, headers: { ...target.headers, traceparent: `${CALLER_TRACE}-${flag}` }, body: target.body }] });
  return { unsampled: withFlag('00'), sampled: withFlag('01') };
}

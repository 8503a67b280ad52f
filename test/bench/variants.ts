/**
 * The same gateway started in several configurations (tracing on, the log line off…), each as several processes,
 * measured at saturation in alternating rounds. Two identical gateway processes differ by up to ~6% in CPU per
 * request on this machine (JIT and memory layout): comparing medians over processes keeps that out of a 3% figure.
 */
import { rm } from 'node:fs/promises';
import { alternate, measure, rewarm, type Measured, type Measurement } from './load.ts';
import type { Child } from './processes.ts';
import { median, perProcessCpu } from './report.ts';
import { gatewaySingle, graphqlProblem, probe } from './scenarios.ts';
import type { BenchStack } from './stack.ts';

export interface VariantOptions {
  id: string;
  seconds: number;
  rounds: number;
  connections: number;
  processes: number;
  /** Awaited before every measured round: lets work a previous round left behind (span exports) finish first. */
  settle?: (() => Promise<void>) | undefined;
  /** Runs after the rounds, while every variant's processes still serve (same-core comparisons). */
  thenWith?: ((processes: Record<string, Measured[]>) => Promise<void>) | undefined;
}

export interface VariantResults<K extends string> {
  /** Per variant, field by field: the median over its processes of each process's median round (use an odd count). */
  median: Record<K, Measurement>;
  /** Per variant and round: the median over its processes of that round, for ratios paired by round (pairedRatio). */
  byRound: Record<K, Measurement[]>;
}

export async function measureVariants<K extends string>(stack: BenchStack, variants: Record<K, Record<string, string>>, options: VariantOptions): Promise<VariantResults<K>> {
  const keys = Object.keys(variants) as K[];
  const children: Child[] = [];
  const logFiles: string[] = [];
  try {
    const runs: Array<{ variant: K; url: string; pid: number }> = [];
    for (let copy = 0; copy < options.processes; copy++) {
      for (const variant of keys) {
        const started = await stack.startGateway(`${variant}-${copy}`, variants[variant]);
        children.push(started.child);
        logFiles.push(started.logFile);
        runs.push({ variant, url: started.url, pid: started.child.pid });
      }
    }
    const target = (url: string) => gatewaySingle({ ...stack.endpoints, gatewayUrl: url }, options.id);
    for (const run of runs) {
      const problem = graphqlProblem(await probe(target(run.url)));
      if (problem) throw new Error(`${run.variant}: the gateway does not answer the single-payment query: ${problem}`);
    }
    const measureRun = (index: number, seconds: number) => measure(target(runs[index]!.url), { seconds, connections: options.connections, pid: runs[index]!.pid });
    for (let index = 0; index < runs.length; index++) await measureRun(index, Math.min(5, options.seconds));
    const indexes = runs.map((_run, index) => String(index));
    const series = await alternate(indexes, options.rounds, async (index) => {
      await rewarm([target(runs[Number(index)]!.url)], options.connections, options.settle);
      return measureRun(Number(index), options.seconds);
    });
    const roundsOf = (variant: K) => runs.flatMap((run, index) => (run.variant === variant ? [series[String(index)]!] : []));
    console.log(perProcessCpu('CPU ms/1k req of each process (median of its rounds; its rounds in brackets)', keys.map((variant) => [variant, roundsOf(variant)])));
    await options.thenWith?.(Object.fromEntries(keys.map((variant) => [variant, runs.flatMap((run) => (run.variant === variant ? [{ target: target(run.url), pid: run.pid }] : []))])));
    const byRound = (variant: K) => Array.from({ length: options.rounds }, (_unused, round) => median(roundsOf(variant).map((rounds) => rounds[round]!)));
    return {
      median: Object.fromEntries(keys.map((variant) => [variant, median(roundsOf(variant).map((rounds) => median(rounds)))])) as Record<K, Measurement>,
      byRound: Object.fromEntries(keys.map((variant) => [variant, byRound(variant)])) as Record<K, Measurement[]>,
    };
  } finally {
    // Stopping flushes what a traced gateway still holds.
    for (const child of children.reverse()) await child.stop();
    await Promise.all(logFiles.map((file) => rm(file, { force: true })));
  }
}


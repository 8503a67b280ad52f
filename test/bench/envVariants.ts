/**
 * BENCH_VARIANTS='{"name": {"ENV": "value"}, …}': the bench gateway in each of these configurations (its own settings
 * plus the variables given), several processes each, at saturation in alternating rounds; nothing else is measured.
 * `$OTLP_SINK` in a value becomes the address of a local OTLP sink started for the run, e.g.
 * `{"off": {}, "oneInHundred": {"OTEL_EXPORTER_OTLP_ENDPOINT": "$OTLP_SINK", "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
 * "OTEL_TRACES_SAMPLER_ARG": "0.01"}}` (the argument alone changes nothing: the default sampler is parentbased_always_on).
 * The first variant is the reference of the ratios: each other variant is also loaded together with it on one core
 * (test/bench/sameCore.ts). BENCH_VARIANTS_PROFILE=1 then profiles one process of each other variant together with one
 * of the first, loaded on one core in one window (test/bench/profileWindow.ts), and prints where each variant's extra
 * µs per request go (profileDiff.ts).
 */
import type { Pinning } from './processes.ts';
import { profileDiff } from './profileDiff.ts';
import { profileTogether, profilingSetup, type ProfiledWindow } from './profileWindow.ts';
import { cpuPerKReqOf, pairedRatio, rpsOf, table } from './report.ts';
import { sameCore, sameCoreLine } from './sameCore.ts';
import type { BenchStack } from './stack.ts';
import { startOtlpSink } from './tracingCost.ts';
import { measureVariants, type VariantOptions } from './variants.ts';

export function parseVariants(raw: string): Record<string, Record<string, string>> {
  const parsed = JSON.parse(raw) as unknown;
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    Object.keys(parsed).length > 0 &&
    Object.values(parsed).every((env) => env !== null && typeof env === 'object' && Object.values(env as object).every((value) => typeof value === 'string'));
  if (!valid) throw new Error('BENCH_VARIANTS must be a JSON object of variant name → { "ENV_NAME": "string value" }');
  return parsed as Record<string, Record<string, string>>;
}

export async function runEnvVariants(stack: BenchStack, pinning: Pinning, variants: Record<string, Record<string, string>>, options: VariantOptions): Promise<void> {
  const needsSink = Object.values(variants).some((env) => Object.values(env).some((value) => value.includes('$OTLP_SINK')));
  const sink = needsSink ? await startOtlpSink(pinning) : undefined;
  try {
    const profiling = process.env.BENCH_VARIANTS_PROFILE === '1' ? profilingSetup() : undefined;
    const withSink = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replaceAll('$OTLP_SINK', sink?.url ?? '')]));
    const resolved = Object.fromEntries(Object.entries(variants).map(([name, env]) => [name, profiling ? profiling.envFor(withSink(env)) : withSink(env)]));
    const settle = sink?.settle;
    const linesAfterTable: string[] = [];
    // With a sink, each round waits for the exports of the one before, as the tracing cost does.
    const { median: m, byRound } = await measureVariants(stack, resolved, {
      ...options,
      settle,
      async thenWith(processes) {
        const [reference, ...others] = Object.keys(processes) as [string, ...string[]];
        const same = { rounds: options.rounds, seconds: options.seconds, connections: options.connections, settle };
        for (const name of others) {
          linesAfterTable.push(sameCoreLine(`same core: ${reference}/${name} CPU per request`, await sameCore(processes[reference]!, processes[name]!, same)));
        }
        if (profiling === undefined) return;
        const load = { seconds: options.seconds * 3, connections: options.connections };
        for (const name of others) {
          const [first, second] = await profileTogether([processes[reference]![0]!, processes[name]![0]!], profiling.dir, load, settle);
          const window = (w: ProfiledWindow) => `${w.requests} requests, ${w.cpuMs} CPU ms`;
          const title = `\nprofiles, ${reference} → ${name} (one process each, loaded together for ${load.seconds}s: ${window(first!)}; ${window(second!)}):`;
          linesAfterTable.push(title + profileDiff(first!, second!));
        }
        linesAfterTable.push(`  (profiles in ${profiling.dir})`);
      },
    });
    const names = Object.keys(m);
    console.log(table(`variants: myPayment(id) at saturation (${options.connections} connections, ${options.processes} processes each, median of ${options.rounds} alternating rounds)`, names.map((name) => ({ name, m: m[name]! }))));
    const reference = m[names[0]!]!;
    for (const name of names.slice(1)) {
      const variant = m[name]!;
      const cpu = (variant.cpuPerKReq ?? NaN) / (reference.cpuPerKReq ?? NaN);
      console.log(`  ${name} / ${names[0]}: throughput ${(variant.rps / reference.rps).toFixed(3)}, CPU per request ${cpu.toFixed(3)}`);
      const pairedRps = pairedRatio(byRound[name]!, byRound[names[0]!]!, rpsOf);
      const pairedCpu = pairedRatio(byRound[name]!, byRound[names[0]!]!, cpuPerKReqOf);
      console.log(`  ${name} / ${names[0]}, paired by round: throughput ${pairedRps.toFixed(3)}, CPU per request ${pairedCpu.toFixed(3)}`);
    }
    for (const line of linesAfterTable) console.log(line);
  } finally {
    await sink?.stop();
  }
}

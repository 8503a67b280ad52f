/**
 * BENCH_VARIANTS='{"name": {"ENV": "value"}, …}': the bench gateway in each of these configurations (its own settings
 * plus the variables given), several processes each, at saturation in alternating rounds; nothing else is measured.
 * `$OTLP_SINK` in a value becomes the address of a local OTLP sink started for the run, e.g.
 * `{"off": {}, "oneInHundred": {"OTEL_EXPORTER_OTLP_ENDPOINT": "$OTLP_SINK", "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
 * "OTEL_TRACES_SAMPLER_ARG": "0.01"}}` (the argument alone changes nothing: the default sampler is parentbased_always_on).
 * The first variant is the reference of the ratios: each other variant is also loaded together with it on one core
 * (test/bench/sameCore.ts). BENCH_VARIANTS_PROFILE=1 then profiles one process of each alone over the same window
 * (test/bench/profileOnSignal.mjs) and prints where each variant's extra µs per request go (test/bench/profileDiff.ts).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, rewarm, type Measured } from './load.ts';
import type { Pinning } from './processes.ts';
import { profileDiff } from './profileDiff.ts';
import { cpuPerKReqOf, pairedRatio, rpsOf, table } from './report.ts';
import { sameCore, sameCoreLine } from './sameCore.ts';
import { ROOT } from './stack.ts';
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
    const profileDir = process.env.BENCH_VARIANTS_PROFILE === '1' ? mkdtempSync(join(tmpdir(), 'bench-profiles-')) : undefined;
    const profiling: Record<string, string> = profileDir === undefined ? {} : { NODE_OPTIONS: `--import=${join(ROOT, 'test/bench/profileOnSignal.mjs')}`, BENCH_PROFILE_OUT: profileDir };
    const resolved = Object.fromEntries(
      Object.entries(variants).map(([name, env]) => [
        name,
        { ...profiling, ...Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replaceAll('$OTLP_SINK', sink?.url ?? '')])) },
      ]),
    );
    const settle = sink?.settle;
    const later: string[] = [];
    // With a sink, each round waits for the exports of the one before, as the tracing cost does.
    const { median: m, byRound } = await measureVariants(stack, resolved, {
      ...options,
      settle,
      async thenWith(processes) {
        const [first, ...others] = Object.keys(processes);
        for (const name of others) {
          const result = await sameCore(processes[first!]!, processes[name]!, { rounds: options.rounds, seconds: options.seconds, connections: options.connections, settle });
          later.push(sameCoreLine(`same core: ${first}/${name} CPU per request`, result));
        }
        if (profileDir === undefined) return;
        const profiled: Array<{ name: string; file: string; requests: number }> = [];
        for (const name of [first!, ...others]) profiled.push({ name, ...(await profileAlone(processes[name]![0]!, profileDir, options.seconds * 3, options.connections, settle)) });
        for (const b of profiled.slice(1)) later.push(`\nprofiles, ${profiled[0]!.name} → ${b.name} (one process each, alone, ${options.seconds * 3}s):${profileDiff(profiled[0]!, b)}`);
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
    for (const line of later) console.log(line);
  } finally {
    await sink?.stop();
  }
}

/** Profiles one process over a warm, settled window of load of its own; returns the profile and the requests served. */
async function profileAlone(run: Measured, dir: string, seconds: number, connections: number, settle: (() => Promise<void>) | undefined): Promise<{ file: string; requests: number }> {
  const before = new Set(readdirSync(dir));
  await rewarm([run.target], connections);
  await settle?.();
  process.kill(run.pid, 'SIGUSR2');
  const { requests } = await measure(run.target, { seconds, connections });
  // A traced process's spans of the window are exported after it: their cost belongs to the window's requests.
  await settle?.();
  process.kill(run.pid, 'SIGUSR2');
  for (let waited = 0; waited < 20_000; waited += 100) {
    const written = readdirSync(dir).find((file) => !before.has(file) && file.startsWith(`${run.pid}-`) && file.endsWith('.cpuprofile'));
    if (written !== undefined) return { file: join(dir, written), requests };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process ${run.pid} wrote no profile in 20 s`);
}

/**
 * Two servers measured at the same time on the same core, each under its own saturating load: the host's noise
 * (which on this shared VM moves one process's CPU per request by up to 2× from minute to minute) then falls on both
 * alike, and the ratio of their CPU per request is read from one window instead of from rounds minutes apart. While
 * both are runnable the scheduler shares the core between them, so each ratio is what their throughputs would be
 * on a core of their own, as long as each is limited by its CPU: every round checks that the core was busy.
 */
import { measure, rewarm, type LoadOptions, type Measured, type Measurement } from './load.ts';
import { cpuMs, cpuTimes, type CpuTimes } from './processes.ts';
import { medianOf, ratio, trueMedian } from './report.ts';

export interface SameCoreOptions {
  rounds: number;
  seconds: number;
  connections: number;
  /** Waits between rounds (a traced server's last spans leaving). */
  settle?: (() => Promise<void>) | undefined;
}

export interface SameCoreResult {
  /** Per round: `first`'s CPU per request over `second`'s (= second's throughput over first's, both CPU-bound). */
  ratios: number[];
  /** Per round: the CPU both used together over the load window, in cores (1 = the shared core was always busy). */
  busy: number[];
  /** Per round: the same ratio for user time alone and for system time alone (the kernel: sockets, the log's writes). */
  user: number[];
  system: number[];
}

const total = (times: CpuTimes) => times.user + times.system;

function perRequest(before: CpuTimes, after: CpuTimes, requests: number): CpuTimes {
  return { user: (after.user - before.user) / requests, system: (after.system - before.system) / requests };
}

/** Both loads at once, `a`'s measurement first; `bFirst` starts `b`'s load first (its connections open a moment earlier). */
async function measureTogether(a: Measured, b: Measured, load: LoadOptions, bFirst: boolean): Promise<readonly [Measurement, Measurement]> {
  if (!bFirst) return Promise.all([measure(a.target, load), measure(b.target, load)]);
  const [mb, ma] = await Promise.all([measure(b.target, load), measure(a.target, load)]);
  return [ma, mb];
}

/** A round below this share of the core means something other than CPU limited the pair (the load, the upstream). */
const BUSY_ENOUGH = 0.9;

export async function sameCore(first: readonly Measured[], second: readonly Measured[], options: SameCoreOptions): Promise<SameCoreResult> {
  const result: SameCoreResult = { ratios: [], busy: [], user: [], system: [] };
  for (let round = 0; round < options.rounds; round++) {
    // Each process of a kind in turn, and a different partner each pass, so no pairing of processes decides.
    const a = first[round % first.length]!;
    const partner = (round + Math.floor(round / first.length)) % second.length;
    // Two shapes of one gateway kind share processes: a process is never paired with itself (one CPU reading for both).
    const b = second[partner]!.pid !== a.pid ? second[partner]! : second[(partner + 1) % second.length]!;
    if (b.pid === a.pid) throw new Error('a same-core pair needs two processes');
    const load = { seconds: options.seconds, connections: options.connections };
    // Both warmed again together: each may have sat idle since its last round (see REWARM_SECONDS).
    await rewarm([a.target, b.target], options.connections, options.settle);
    const before = [cpuTimes(a.pid), cpuTimes(b.pid)] as const;
    const started = performance.now();
    const [ma, mb] = await measureTogether(a, b, load, round % 2 === 1);
    // Whether the core was busy, over the window alone (its real length: a load generator short of CPU ends late);
    // each one's cost, after the settle: a traced server's spans of the window leave after it, and their export is part of their cost.
    const busy = (cpuMs(a.pid) - total(before[0]) + cpuMs(b.pid) - total(before[1])) / (performance.now() - started);
    await options.settle?.();
    for (const m of [ma, mb]) {
      if (m.requests === 0 || m.failures > 0) throw new Error(`a same-core round failed: ${m.requests} requests answered, ${m.failures} failed`);
    }
    const costA = perRequest(before[0], cpuTimes(a.pid), ma.requests);
    const costB = perRequest(before[1], cpuTimes(b.pid), mb.requests);
    result.ratios.push(total(costA) / total(costB));
    for (const kind of ['user', 'system'] as const) {
      // Times come in 10 ms ticks: a kind the second process spent no tick on has no ratio this round.
      if (costB[kind] > 0) result[kind].push(costA[kind] / costB[kind]);
    }
    result.busy.push(busy);
  }
  return result;
}

/** One line: the median ratio over rounds, its rounds, whether the core stayed busy, and the medians of the user-time and system-time ratios. */
export function sameCoreLine(label: string, result: SameCoreResult, target?: { op: '>=' | '<='; limit: number }): string {
  const idle = result.busy.filter((busy) => busy < BUSY_ENOUGH).length;
  const warning = idle === 0 ? '' : `\n    WARNING: in ${idle} of ${result.busy.length} rounds the pair used less than ${BUSY_ENOUGH} of the core: not CPU-bound, the ratio is not a throughput ratio`;
  return (
    `${ratio(label, trueMedian(result.ratios), target, 3)}\n` +
    `    rounds ${result.ratios.map((r) => r.toFixed(3)).join(' ')}; core busy ${medianOf(result.busy).toFixed(2)} (median); ` +
    `median of user time alone ${medianText(result.user)}, of system time alone ${medianText(result.system)}${warning}`
  );
}

function medianText(ratios: readonly number[]): string {
  return ratios.length === 0 ? 'n/a' : trueMedian(ratios).toFixed(3);
}

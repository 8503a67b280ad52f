/** One measurement with autocannon, with latencies kept at full (sub-millisecond) resolution. */
import autocannon from 'autocannon';
import { cpuMs } from './processes.ts';

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Sent in turn by each connection instead of the one request above (each over its defaults). */
  requests?: Array<{ method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }>;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  /** Fixed overall rate in requests/s; saturation when unset. */
  rate?: number;
  /** Process whose CPU time is charged to these requests (the proxy under test). */
  pid?: number;
}

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** CPU milliseconds the measured process spent per 1000 requests. */
  cpuPerKReq: number | undefined;
}

export async function measure(target: Target, options: LoadOptions): Promise<Measurement> {
  // autocannon's own histogram has 1 ms buckets, too coarse for "≤ 2 ms added"; record each response instead.
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const cpuBefore = options.pid === undefined ? 0 : cpuMs(options.pid);
  const instance = autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.requests === undefined ? {} : { requests: target.requests }),
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status < 200 || status >= 300) return;
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  });
  const result = await instance;
  const cpuAfter = options.pid === undefined ? 0 : cpuMs(options.pid);
  const sorted = latencies.subarray(0, count).sort();
  return {
    rps: count / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    requests: count,
    failures: result.errors + result.timeouts + result.non2xx,
    cpuPerKReq: options.pid === undefined || count === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / count,
  };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Unmeasured load right before a measured window (BENCH_REWARM_SECONDS, 0 for none). A process that sat idle for a
 * minute, as each one does between its turns in alternating rounds, serves its next seconds far slower than it did
 * before: two identical gateways loaded together on one core, one of them idle for the 100 s before, read 0.43,
 * 0.55, 0.80 and only then 0.94–0.96 in successive 3 s rounds (2026-12-07; 0.43, 0.71, 0.97 with V8's bytecode
 * flushing off, so that is part of it). Without it a round measures how fast a process recovers, not its cost.
 */
export const REWARM_SECONDS = Number(process.env.BENCH_REWARM_SECONDS ?? 5);
if (!(REWARM_SECONDS >= 0)) throw new Error(`BENCH_REWARM_SECONDS must be a number of seconds (0 for none), got "${process.env.BENCH_REWARM_SECONDS}"`);

/**
 * Loads every target together for REWARM_SECONDS and discards the measurement, then waits for `settle` (a traced
 * server's export of the warm-up's spans), so the measured window that follows starts clean.
 */
export async function rewarm(targets: readonly Target[], connections: number, settle?: () => Promise<void>): Promise<void> {
  if (REWARM_SECONDS > 0) await Promise.all(targets.map((target) => measure(target, { seconds: REWARM_SECONDS, connections })));
  await settle?.();
}

/** One process to measure: what to send it, and whose CPU time the requests cost. */
export interface Measured {
  target: Target;
  pid: number;
}

/**
 * Each key's processes in turn: the n-th measurement of a key runs on its process n mod their count (rounds of
 * `alternate` measure each key once, so round r of every key is on its process r mod count). Every process is
 * warmed up first, outside the turns, and warmed again right before each of its turns (see REWARM_SECONDS).
 */
export async function inTurn<K extends string>(copies: Record<K, readonly Measured[]>, warmUp: Omit<LoadOptions, 'pid'>): Promise<(key: K, options: Omit<LoadOptions, 'pid'>) => Promise<Measurement>> {
  for (const key of Object.keys(copies) as K[]) for (const copy of copies[key]) await measure(copy.target, { ...warmUp, pid: copy.pid });
  const turns = new Map<K, number>();
  return async (key, options) => {
    const turn = turns.get(key) ?? 0;
    turns.set(key, turn + 1);
    const copy = copies[key][turn % copies[key].length]!;
    await rewarm([copy.target], options.connections);
    return measure(copy.target, { ...options, pid: copy.pid });
  };
}

/** Runs `each` on every item, interleaved round by round, so drift on a noisy machine hits all alike. */
export async function alternate<K extends string, V>(keys: readonly K[], rounds: number, each: (key: K) => Promise<V>, all: readonly K[] = keys): Promise<Record<K, V[]>> {
  const out = Object.fromEntries(all.map((key) => [key, [] as V[]])) as Record<K, V[]>;
  // Each round starts one key later, so no key always runs first: in a fixed order the same tree measured as two
  // gateways differed by 3% in throughput and 6% in CPU. (Which key follows which still mostly repeats.)
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + round) % keys.length]!;
      out[key].push(await each(key));
    }
  }
  return out;
}


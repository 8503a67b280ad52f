/**
 * Open-loop load at an even pace. autocannon's `overallRate` lets each connection send its whole per-second
 * quota back to back at the start of every second, which measures bursts, not a moderate steady rate.
 */
import { Pool } from 'undici';
import type { Measurement, Target } from './load.ts';
import { cpuMs } from './processes.ts';

export async function measurePaced(target: Target, options: { seconds: number; rate: number; pid?: number }): Promise<Measurement> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: 64, pipelining: 1 });
  const total = Math.round(options.seconds * options.rate);
  const interval = 1000 / options.rate;
  const latencies = new Float64Array(total);
  let done = 0;
  let failures = 0;
  let sent = 0;
  const cpuBefore = options.pid === undefined ? 0 : cpuMs(options.pid);
  const started = performance.now();

  const fire = () => {
    const sentAt = performance.now();
    pool
      .request({ path: url.pathname + url.search, method: target.method, headers: target.headers, body: target.body ?? null })
      .then(async (res) => {
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) latencies[done++] = performance.now() - sentAt;
        else failures++;
      })
      .catch(() => failures++);
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      // Timers fire at ~1 ms granularity: send every request that is due, then sleep until the next one.
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      while (sent < due) {
        fire();
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  const deadline = performance.now() + 10_000;
  while (done + failures < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = options.pid === undefined ? 0 : cpuMs(options.pid);
  await pool.close();

  const sorted = latencies.subarray(0, done).sort();
  const at = (q: number) => (done === 0 ? NaN : sorted[Math.min(done - 1, Math.floor(q * done))]!);
  return {
    rps: done / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    requests: done,
    failures: failures + (total - done - failures),
    cpuPerKReq: options.pid === undefined || done === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / done,
  };
}

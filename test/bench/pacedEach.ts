/**
 * Open-loop load at an even pace, each request built on its own (a fresh idempotency key, another order): a fixed
 * body would measure the replay path, not the first execution.
 */
import { Pool } from 'undici';
import type { Measurement, Target } from './load.ts';
import { cpuMs } from './processes.ts';

/** `next(i)` gives the i-th request; every request must go to the same origin. */
export async function measurePacedEach(next: (i: number) => Target, options: { seconds: number; rate: number; pid?: number }): Promise<Measurement> {
  const origin = new URL(next(0).url).origin;
  const pool = new Pool(origin, { connections: 64, pipelining: 1 });
  const total = Math.round(options.seconds * options.rate);
  // Built before the clock starts, so building them does not delay the pace.
  const targets = Array.from({ length: total }, (_, i) => next(i));
  const interval = 1000 / options.rate;
  const latencies = new Float64Array(total);
  let done = 0;
  let failures = 0;
  let sent = 0;
  let firstFailure: string | undefined;
  const cpuBefore = options.pid === undefined ? 0 : cpuMs(options.pid);
  const started = performance.now();

  const fire = (target: Target) => {
    const url = new URL(target.url);
    const sentAt = performance.now();
    pool
      .request({ path: url.pathname + url.search, method: target.method, headers: target.headers, body: target.body ?? null })
      .then(async (res) => {
        const text = await res.body.text();
        const ms = performance.now() - sentAt;
        // A GraphQL error comes back as 200 too; only an answer without `errors` counts.
        if (res.statusCode >= 200 && res.statusCode < 300 && !text.includes('"errors"')) latencies[done++] = ms;
        else {
          failures++;
          firstFailure ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
        }
      })
      .catch((error: unknown) => {
        failures++;
        firstFailure ??= String(error);
      });
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      while (sent < due) fire(targets[sent++]!);
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
  if (firstFailure !== undefined) console.log(`  (${failures} of ${total} failed; first: ${firstFailure})`);

  const sorted = latencies.subarray(0, done).sort();
  const at = (q: number) => (done === 0 ? NaN : sorted[Math.min(done - 1, Math.floor(q * done))]!);
  return {
    rps: done / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    requests: done,
    failures: total - done,
    cpuPerKReq: options.pid === undefined || done === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / done,
  };
}

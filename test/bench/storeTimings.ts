/** Redis round trips as the gateway times them (`gateway_store_duration_seconds`), and as seen from the bench. */
import { Redis } from 'ioredis';
import { medianOf } from './report.ts';

/** Seconds, count and cumulative histogram buckets (upper bound in seconds -> count) per store operation, since start. */
export type StoreTotals = Record<string, { seconds: number; count: number; buckets: Map<number, number> }>;

export async function readStoreTotals(gatewayGraphqlUrl: string, metricsToken: string): Promise<StoreTotals> {
  const res = await fetch(new URL('/metrics', gatewayGraphqlUrl), { headers: { authorization: `Bearer ${metricsToken}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text.slice(0, 200)}`);
  const totals: StoreTotals = {};
  for (const match of text.matchAll(/^gateway_store_duration_seconds_(sum|count|bucket)\{([^}]*)\} (\S+)$/gm)) {
    const labels = match[2]!;
    const operation = /operation="([^"]+)"/.exec(labels)?.[1] ?? 'unknown';
    const entry = (totals[operation] ??= { seconds: 0, count: 0, buckets: new Map() });
    const value = Number(match[3]);
    if (match[1] === 'sum') entry.seconds = value;
    else if (match[1] === 'count') entry.count = value;
    else entry.buckets.set(Number(/le="([^"]+)"/.exec(labels)?.[1] ?? NaN), value);
  }
  return totals;
}

/** Per operation between two readings: mean and median (interpolated inside its histogram bucket), in ms. */
export function storeTimes(before: StoreTotals, after: StoreTotals): Record<string, { mean: number; p50: number }> {
  const out: Record<string, { mean: number; p50: number }> = {};
  for (const [operation, end] of Object.entries(after)) {
    const start = before[operation];
    const count = end.count - (start?.count ?? 0);
    if (count === 0) continue;
    const mean = ((end.seconds - (start?.seconds ?? 0)) * 1000) / count;
    let p50 = NaN;
    let lower = 0;
    let below = 0;
    for (const [le, cumulative] of [...end.buckets].sort((a, b) => a[0] - b[0])) {
      const upTo = cumulative - (start?.buckets.get(le) ?? 0);
      if (upTo >= count / 2) {
        p50 = Number.isFinite(le) ? (lower + ((count / 2 - below) / Math.max(1, upTo - below)) * (le - lower)) * 1000 : lower * 1000;
        break;
      }
      lower = le;
      below = upTo;
    }
    out[operation] = { mean, p50 };
  }
  return out;
}

/** The claim script's shape (GET, else SET with expiry) on fresh keys: p50/p99 of one Lua round trip from this process, back to back or with a pause before each. */
export async function luaRoundTrip(url: string, samples: number, pauseMs = 0): Promise<{ p50: number; p99: number }> {
  const redis = new Redis(url, { keyPrefix: 'bench:rtt:', maxRetriesPerRequest: 0 });
  try {
    redis.defineCommand('benchClaim', {
      numberOfKeys: 1,
      lua: `local existing = redis.call('GET', KEYS[1]) if existing then return existing end redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false`,
    });
    const claim = (redis as unknown as { benchClaim(key: string, value: string, ttlMs: number): Promise<string | null> }).benchClaim.bind(redis);
    const record = JSON.stringify({ state: 'in-flight', fingerprint: 'x'.repeat(43), token: crypto.randomUUID(), inFlightUntil: Date.now() });
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const started = performance.now();
      await claim(`${i}`, record, 60_000);
      times.push(performance.now() - started);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { p50: medianOf(times), p99: sorted[Math.floor(0.99 * sorted.length)] ?? NaN };
  } finally {
    redis.disconnect();
  }
}

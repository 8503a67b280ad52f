/** Redis round trips as the gateway times them (`gateway_store_duration_seconds`), and as seen from the bench. */
import { Redis } from 'ioredis';
import { medianOf } from './report.ts';

/** Seconds and count per store operation (claim, complete, release), summed since the gateway started. */
export type StoreTotals = Record<string, { seconds: number; count: number }>;

export async function readStoreTotals(gatewayGraphqlUrl: string, metricsToken: string): Promise<StoreTotals> {
  const res = await fetch(new URL('/metrics', gatewayGraphqlUrl), { headers: { authorization: `Bearer ${metricsToken}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text.slice(0, 200)}`);
  const totals: StoreTotals = {};
  for (const match of text.matchAll(/^gateway_store_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/gm)) {
    const operation = /operation="([^"]+)"/.exec(match[2]!)?.[1] ?? 'unknown';
    const entry = (totals[operation] ??= { seconds: 0, count: 0 });
    if (match[1] === 'sum') entry.seconds = Number(match[3]);
    else entry.count = Number(match[3]);
  }
  return totals;
}

/** Mean milliseconds per operation between two readings; NaN for an operation that did not run. */
export function meanMs(before: StoreTotals, after: StoreTotals): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [operation, end] of Object.entries(after)) {
    const start = before[operation] ?? { seconds: 0, count: 0 };
    const count = end.count - start.count;
    out[operation] = count === 0 ? NaN : ((end.seconds - start.seconds) * 1000) / count;
  }
  return out;
}

/** The claim script's shape (GET, else SET with expiry) on fresh keys: p50/p99 of one Lua round trip from this process. */
export async function luaRoundTrip(url: string, samples: number): Promise<{ p50: number; p99: number }> {
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

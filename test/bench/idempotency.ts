/**
 * What an idempotency key adds to `addOrderPayments`: the same mutation with and without a fresh key, on a gateway with
 * the memory store and on gateways with Redis on loopback (rate limits on, and off to isolate the key's own cost),
 * plus the replay path (one key repeated). Alternating rounds at a fixed paced rate, medians reported.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startRedisServer } from '../helpers/redisServer.ts';
import { alternate, type Measurement, type Target } from './load.ts';
import type { OccReady } from './occEmulatorProcess.ts';
import { measurePacedEach } from './pacedEach.ts';
import { pinSelf, startReadyChild, type Child, type Pinning } from './processes.ts';
import { median, medianOf, table } from './report.ts';
import { graphqlProblem, probe } from './scenarios.ts';
import { ROOT, type BenchStack } from './stack.ts';
import { luaRoundTrip, readStoreTotals, storeTimes, type StoreTotals } from './storeTimings.ts';

type Gateway = 'memory' | 'redis' | 'bare';
type Variant = 'memNone' | 'memKey' | 'redisNone' | 'redisKey' | 'redisReplay' | 'bareNone' | 'bareKey';
const VARIANTS: Record<Variant, { gateway: Gateway; key: 'none' | 'fresh' | 'replay'; label: string }> = {
  memNone: { gateway: 'memory', key: 'none', label: 'memory store, no key' },
  memKey: { gateway: 'memory', key: 'fresh', label: 'memory store, fresh key' },
  redisNone: { gateway: 'redis', key: 'none', label: 'Redis, limits on, no key' },
  redisKey: { gateway: 'redis', key: 'fresh', label: 'Redis, limits on, fresh key' },
  redisReplay: { gateway: 'redis', key: 'replay', label: 'Redis, limits on, replay (same key)' },
  bareNone: { gateway: 'bare', key: 'none', label: 'Redis, limits off, no key' },
  bareKey: { gateway: 'bare', key: 'fresh', label: 'Redis, limits off, fresh key' },
};

const MUTATION = `mutation Pay($input: AddOrderPaymentsInput!, $key: String) {
  addOrderPayments(input: $input, idempotencyKey: $key) { orderId amountRemaining paymentResponses { paymentGroupId amount paymentState maskedCardNumber } }
}`;
const CARD = { number: '4111111111111111', cvv: '123', type: 'visa', nameOnCard: 'Bench Shopper', expiryMonth: 12, expiryYear: 2030 };
/** The emulator's 20 spare 500.00 orders of the demo shopper: one 0.01 payment per request, spread so none runs dry. */
const ORDERS = Array.from({ length: 20 }, (_, i) => `o8100${String(i).padStart(2, '0')}`);
// Every limit on (so its Redis round trips count) but too high to refuse anything at the bench's rate.
const HIGH_LIMITS = { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000', RATE_LIMIT_PER_CALLER_PER_MINUTE: '10000000', CARD_FAILURES_PER_ORDER: '1000000', CARD_FAILURES_PER_CALLER: '1000000' };
const NO_LIMITS = { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0', RATE_LIMIT_PER_CALLER_PER_MINUTE: '0', CARD_FAILURES_PER_ORDER: '0', CARD_FAILURES_PER_CALLER: '0' };

export interface IdempotencyBenchOptions {
  seconds: number;
  rounds: number;
  rate: number;
  /** Where redis-server runs: beside the load generator, or on the gateway's core. */
  redisCore: 'load' | 'gateway';
}

export async function runIdempotency(stack: BenchStack, pinning: Pinning, options: IdempotencyBenchOptions): Promise<void> {
  const children: Child[] = [];
  const logFiles: string[] = [];
  // Inherits this process's pinning (the load core), like the emulators.
  const redisServer = await startRedisServer();
  const redisCore = options.redisCore === 'gateway' ? pinning.proxyCore : pinning.loadCore;
  if (redisCore !== undefined && redisServer.pid !== undefined) spawnSync('taskset', ['-a', '-cp', String(redisCore), String(redisServer.pid)]);
  try {
    // An emulator of its own: fresh orders, and the other scenarios' payments do not pile up on them.
    const occ = await startReadyChild<OccReady>('OCC emulator (idempotency)', pinning.loadCore, join(ROOT, 'test/bench/occEmulatorProcess.ts'), {});
    children.push(occ.child);
    const metricsToken = randomBytes(24).toString('base64url');
    const startGateway = async (name: Gateway, env: Record<string, string>) => {
      const started = await stack.startGateway(`gateway (${name})`, {
        OCC_BASE_URL: occ.ready.baseUrl,
        METRICS_TOKEN: metricsToken,
        IDEMPOTENCY_SECRET: randomBytes(32).toString('base64url'),
        REDIS_URL: '',
        ...env,
      });
      children.push(started.child);
      logFiles.push(started.logFile);
      return started;
    };
    const gateways: Record<Gateway, { child: Child; url: string }> = {
      memory: await startGateway('memory', HIGH_LIMITS),
      redis: await startGateway('redis', { ...HIGH_LIMITS, REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: 'bench:limits:' }),
      bare: await startGateway('bare', { ...NO_LIMITS, REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: 'bench:bare:' }),
    };

    const agentToken = occ.ready.agentToken;
    let sequence = 0;
    const runId = randomBytes(6).toString('hex');
    const replayKey = `bench-replay-${runId}`;
    const request = (variant: Variant, i: number): Target => {
      const { gateway, key } = VARIANTS[variant];
      // The replay repeats one request exactly (same order too): any difference would be IDEMPOTENCY_KEY_REUSED.
      const orderId = key === 'replay' ? ORDERS[0]! : ORDERS[i % ORDERS.length]!;
      const input = { orderId, profileId: '170309', payments: [{ paymentMethodType: 'CARD', amount: '0.01', card: CARD }] };
      const idempotencyKey = key === 'none' ? null : key === 'replay' ? replayKey : `bench-${runId}-${sequence++}`;
      return {
        url: gateways[gateway].url,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-occ-authorization': `Bearer ${agentToken}` },
        body: JSON.stringify({ query: MUTATION, variables: { input, key: idempotencyKey } }),
      };
    };

    const variants = Object.keys(VARIANTS) as Variant[];
    for (const variant of variants) {
      const problem = graphqlProblem(await probe(request(variant, 0)));
      if (problem) throw new Error(`idempotency bench: ${VARIANTS[variant].label} failed: ${problem}`);
    }
    const pidOf = (variant: Variant) => gateways[VARIANTS[variant].gateway].child.pid;
    const storeMs = new Map<Variant, Array<ReturnType<typeof storeTimes>>>(variants.map((v) => [v, []]));
    const measureOne = async (variant: Variant, seconds: number): Promise<Measurement> => {
      const gateway = gateways[VARIANTS[variant].gateway];
      const before: StoreTotals = await readStoreTotals(gateway.url, metricsToken);
      const m = await measurePacedEach((i) => request(variant, i), { seconds, rate: options.rate, pid: pidOf(variant) });
      storeMs.get(variant)!.push(storeTimes(before, await readStoreTotals(gateway.url, metricsToken)));
      return m;
    };
    // Warm-up: JIT, pools, Redis scripts loaded.
    for (const variant of variants) await measureOne(variant, Math.min(2, options.seconds));
    for (const variant of variants) storeMs.set(variant, []);

    const series = await alternate(variants, options.rounds, (variant) => measureOne(variant, options.seconds));
    const s = Object.fromEntries(variants.map((v) => [v, median(series[v])])) as Record<Variant, Measurement>;
    const store = (variant: Variant, operation: string, what: 'mean' | 'p50') =>
      medianOf(storeMs.get(variant)!.map((round) => round[operation]?.[what] ?? NaN).filter((v) => !Number.isNaN(v)));
    const storeLine = (variant: Variant, operation: string) => `${operation} p50 ${fmt(store(variant, operation, 'p50'))} (mean ${fmt(store(variant, operation, 'mean'))})`;
    const rtt = await luaRoundTrip(redisServer.url, 2000);
    // The same call from the gateway's core at the bench's pace: both ends wake from idle each time, as in the gateway.
    pinSelf(pinning.proxyCore);
    const pacedRtt = await luaRoundTrip(redisServer.url, Math.min(500, options.rate * 3), 1000 / options.rate).finally(() => pinSelf(pinning.loadCore));

    console.log(
      table(
        `addOrderPayments (one card payment), idempotency keys: ${options.rate} requests/s evenly paced, redis-server on the ${options.redisCore} core, median of ${options.rounds} alternating rounds of ${options.seconds}s`,
        variants.map((v) => ({ name: VARIANTS[v].label, m: s[v] })),
      ),
    );
    // Paired by round (each keyed round against the unkeyed round next to it): drift on a shared machine cancels out.
    const paired = (keyed: Variant, plain: Variant, q: 'p50' | 'p99') => medianOf(series[keyed].map((m, round) => m[q] - series[plain][round]![q]));
    const added = (label: string, keyed: Variant, plain: Variant, target?: number) => {
      const p50 = paired(keyed, plain, 'p50');
      const verdict = target === undefined ? '' : `  (target p50 <= ${target} ms: ${p50 <= target ? 'met' : 'NOT met'})`;
      console.log(`  ${label}: p50 ${signed(p50)} ms, p99 ${signed(paired(keyed, plain, 'p99'))} ms${verdict}`);
    };
    console.log('\nadded (median over rounds of each round\'s difference):');
    added('fresh key, memory store', 'memKey', 'memNone');
    added('fresh key, Redis (limits off: the key alone)', 'bareKey', 'bareNone', 0.5);
    added('fresh key, Redis (limits on)', 'redisKey', 'redisNone', 0.5);
    added('replay vs executing without a key, Redis (limits on)', 'redisReplay', 'redisNone');
    added('rate limits in Redis (limits on vs off, no key)', 'redisNone', 'bareNone');
    console.log(`  Redis round trips timed by the gateway (gateway_store_duration_seconds; p50 within its bucket, median of rounds):`);
    console.log(`    limits off, fresh key: ${storeLine('bareKey', 'claim')}, ${storeLine('bareKey', 'complete')}`);
    console.log(`    limits on, fresh key:  ${storeLine('redisKey', 'claim')}, ${storeLine('redisKey', 'complete')}`);
    console.log(`    limits on, replay:     ${storeLine('redisReplay', 'claim')}`);
    console.log(`  one claim-shaped Lua call from the bench (ioredis, sequential, 2000 calls): p50 ${fmt(rtt.p50)}, p99 ${fmt(rtt.p99)}`);
    console.log(`  the same from the gateway's core, one call every ${fmt(1000 / options.rate)}: p50 ${fmt(pacedRtt.p50)}, p99 ${fmt(pacedRtt.p99)} (the least any shared-store claim adds at this pace)`);
  } finally {
    for (const child of [...children].reverse()) await child.stop();
    await redisServer.stop();
    for (const file of logFiles) await rm(file, { force: true });
  }
}

const signed = (ms: number) => (ms >= 0 ? `+${ms.toFixed(2)}` : ms.toFixed(2));
const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : `${ms.toFixed(3)} ms`);

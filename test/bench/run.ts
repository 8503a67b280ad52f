/**
 * `npm run bench`: direct REST vs floor proxies (undici request() and dispatch API) vs gateway, alternating in one run, on pinned cores.
 * Env: BENCH_SECONDS (5), BENCH_ROUNDS (6), BENCH_CONNECTIONS (32), BENCH_RATE (500), BENCH_MEMORY_SECONDS (60, 0 skips),
 * BENCH_PROFILE_DIR (gateway runs with --cpu-prof and only the single-payment saturation is measured),
 * BENCH_EXTRAS (0 skips aliases/paging/addOrderPayments), BENCH_COMPARE_DIR (a copy of the repo whose gateway runs as `baseline` in the same rounds, for before/after),
 * BENCH_UPSTREAM (`emulator`, or `trivial`: a fixed-answer upstream, so floor and gateway are CPU-bound), BENCH_SHAPES (0 skips the request shapes).
 * BENCH_TRACING (0 skips the tracing cost, `only` measures nothing else, `inprocess` only the tracing floor and sampled against unsampled requests in one gateway, with BENCH_INPROCESS_PROFILE=1 profiles of those; BENCH_INPROCESS_VARIANTS, a JSON object like BENCH_VARIANTS, compares tracing configurations that way instead: test/bench/sampledVariants.ts), BENCH_BREAKDOWN (the same for where the
 * gateway's CPU goes), BENCH_PROCESSES (3: processes per configuration in those two comparisons, and of each floor and
 * gateway whose rounds are taken in turn in the saturation and request-shape comparisons).
 * BENCH_IDEMPOTENCY (0 skips addOrderPayments with/without idempotency keys, `only` measures nothing else),
 * BENCH_IDEMPOTENCY_RATE (100 mutations/s), BENCH_REDIS_CORE (`load`: Redis beside the load generator; `gateway`:
 * on the gateway's core, as a sidecar, where no round trip has to wake another core).
 * BENCH_VARIANTS (a JSON object of configurations to compare, nothing else measured: test/bench/envVariants.ts).
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { alternate, inTurn, measure, rewarm, type LoadOptions, type Measured, type Measurement } from './load.ts';
import { measureMemory, printMemory } from './memory.ts';
import { planPinning, pinSelf } from './processes.ts';
import { measurePaced } from './paced.ts';
import { cpuPerKReqOf, median, pairedRatio, perProcessCpu, ratio, rpsOf, table } from './report.ts';
import { runExtras } from './extras.ts';
import { runTracingCost, runTracingInProcess } from './tracingCost.ts';
import { runIdempotency } from './idempotency.ts';
import { runBreakdown } from './breakdown.ts';
import { parseVariants, runEnvVariants } from './envVariants.ts';
import { directSingle, floorsOf, gatewaySingle, graphqlProblem, probe } from './scenarios.ts';
import { runShapes } from './shapes.ts';
import { startBenchStack } from './stack.ts';

const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
};
// Many short alternating rounds: a burst of noise on this shared machine then spoils one round of each, not a whole series.
const SECONDS = env('BENCH_SECONDS', 5);
const ROUNDS = Math.max(1, env('BENCH_ROUNDS', 6));
const CONNECTIONS = env('BENCH_CONNECTIONS', 32);
const RATE = env('BENCH_RATE', 500);
const MEMORY_SECONDS = env('BENCH_MEMORY_SECONDS', 60);
const IDEMPOTENCY_RATE = env('BENCH_IDEMPOTENCY_RATE', 100);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR || undefined;
type Key = 'direct' | 'floor' | 'strictFloor' | 'gateway' | 'baseline';
const ALL_KEYS: Key[] = ['direct', 'floor', 'strictFloor', 'gateway', 'baseline'];
const COMPARE_DIR = process.env.BENCH_COMPARE_DIR || undefined;
const UPSTREAM = process.env.BENCH_UPSTREAM || 'emulator';
if (UPSTREAM !== 'emulator' && UPSTREAM !== 'trivial') throw new Error(`BENCH_UPSTREAM must be emulator or trivial, got "${UPSTREAM}"`);
const SHAPES = process.env.BENCH_SHAPES !== '0';
const TRACING = process.env.BENCH_TRACING ?? '1';
const IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY ?? '1';
const BREAKDOWN = process.env.BENCH_BREAKDOWN ?? '1';
const PROCESSES = Math.max(1, env('BENCH_PROCESSES', 3));
const REDIS_CORE = process.env.BENCH_REDIS_CORE ?? 'load';
const VARIANTS = process.env.BENCH_VARIANTS ? parseVariants(process.env.BENCH_VARIANTS) : undefined;
if (REDIS_CORE !== 'load' && REDIS_CORE !== 'gateway') throw new Error(`BENCH_REDIS_CORE must be load or gateway, got "${REDIS_CORE}"`);

// Read before pinning: afterwards this process sees only its own core.
const CORES = availableParallelism();
const pinning = planPinning(CORES);
pinSelf(pinning.loadCore);
const settings = `BENCH_UPSTREAM=${UPSTREAM} BENCH_SECONDS=${SECONDS} BENCH_ROUNDS=${ROUNDS} BENCH_PROCESSES=${PROCESSES} BENCH_CONNECTIONS=${CONNECTIONS} BENCH_RATE=${RATE} BENCH_MEMORY_SECONDS=${MEMORY_SECONDS}`;
console.log(`machine: ${CORES} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}`);
console.log(`command: ${settings} npm run bench`);
console.log(`pinning: ${pinning.how}`);

// Profiles and variant comparisons need one process of each; the timed comparisons take their rounds from several.
// Never more processes than rounds: each process gets ROUNDS / COPIES rounds (use a multiple for equal weight).
const COPIES = PROFILE_DIR !== undefined || VARIANTS !== undefined || [TRACING, IDEMPOTENCY, BREAKDOWN].includes('only') || TRACING === 'inprocess' ? 1 : Math.min(PROCESSES, ROUNDS);
const stack = await startBenchStack(pinning, { cpuProfileDir: PROFILE_DIR, compareDir: COMPARE_DIR, trivialUpstream: UPSTREAM === 'trivial', copies: COPIES });
try {
  const e = stack.endpoints;
  const id = await pickPayment(e.emulator.apiUrl, e.emulator.projectKey, e.emulator.demoToken);
  // Each key's processes, measured in turn: round r of a key runs on its process r mod BENCH_PROCESSES.
  const copies: Record<Key, Measured[]> = {
    direct: [{ target: directSingle(e, id), pid: stack.emulator.pid }],
    floor: floorsOf(e, id, stack.copies.floor),
    strictFloor: floorsOf(e, id, stack.copies.strictFloor),
    gateway: stack.copies.gateway.map((gateway) => ({ target: gatewaySingle({ ...e, gatewayUrl: gateway.url }, id), pid: gateway.pid })),
    baseline: stack.copies.baseline.map((baseline) => ({ target: gatewaySingle({ ...e, gatewayUrl: baseline.url }, id), pid: baseline.pid })),
  };
  const targets = Object.fromEntries(ALL_KEYS.map((key) => [key, copies[key][0] ?? copies.gateway[0]!])) as Record<Key, Measured>;
  const problem = graphqlProblem(await probe(targets.gateway.target));
  if (problem) throw new Error(`the gateway does not answer the single-payment query: ${problem}`);
  for (const floor of ['floor', 'strictFloor'] as const) {
    for (const copy of copies[floor]) {
      const answer = (await probe(copy.target)).body as { data?: { myPayment?: { id?: string } } };
      if (answer.data?.myPayment?.id !== id) throw new Error(`the ${floor} does not answer the payment`);
    }
  }
  for (const key of ['gateway', 'baseline'] as const) {
    for (const [index, copy] of copies[key].entries()) {
      const problem = graphqlProblem(await probe(copy.target));
      if (problem) throw new Error(`${key} process ${index} (${copy.target.url}) does not answer the single-payment query: ${problem}`);
    }
  }
  console.log(`payment: ${id} (all MyPayment fields through the gateway); gateway log: ${stack.gatewayLogFile}`);

  const keys: Key[] = ['direct', 'floor', 'strictFloor', 'gateway', ...(stack.baseline ? (['baseline'] as const) : [])];
  const run = (key: Key, options: Omit<LoadOptions, 'pid'>) => measure(targets[key].target, { ...options, pid: targets[key].pid });
  // Warm-up: JIT, pools and heap reach their steady state before anything is recorded.
  const runInTurn = await inTurn(
    Object.fromEntries(keys.map((key) => [key, copies[key]])) as Record<Key, Measured[]>,
    { seconds: Math.min(5, SECONDS), connections: CONNECTIONS },
  );

  const variantOptions = { id, seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, processes: PROCESSES };
  const tracingCost = () => runTracingCost(stack, pinning, variantOptions);
  const breakdown = async (floorCpuPerKReq?: number) => {
    const floorRound = async () => {
      await rewarm([targets.floor.target], CONNECTIONS);
      return run('floor', { seconds: SECONDS, connections: CONNECTIONS });
    };
    const floorCpu = floorCpuPerKReq ?? median((await alternate(['floor'] as const, ROUNDS, floorRound)).floor).cpuPerKReq;
    await runBreakdown(stack, { ...variantOptions, floorCpuPerKReq: floorCpu ?? NaN });
  };
  const idempotency = () => runIdempotency(stack, pinning, { seconds: SECONDS, rounds: ROUNDS, rate: IDEMPOTENCY_RATE, redisCore: REDIS_CORE });
  if (VARIANTS !== undefined) {
    await runEnvVariants(stack, pinning, VARIANTS, variantOptions);
  } else if (TRACING === 'only') {
    await tracingCost();
  } else if (TRACING === 'inprocess') {
    await runTracingInProcess(stack, pinning, variantOptions);
  } else if (IDEMPOTENCY === 'only') {
    await idempotency();
  } else if (BREAKDOWN === 'only') {
    await breakdown();
  } else if (PROFILE_DIR !== undefined) {
    const m = await run('gateway', { seconds: SECONDS * 2, connections: CONNECTIONS });
    console.log(table('gateway under --cpu-prof (saturation)', [{ name: 'gateway', m }]));
  } else {
    const saturated = await alternate(keys, ROUNDS, (key) => runInTurn(key, { seconds: SECONDS, connections: CONNECTIONS }), ALL_KEYS);
    const fixedRate = await alternate(keys, ROUNDS, (key) => measurePaced(targets[key].target, { seconds: SECONDS, rate: RATE, pid: targets[key].pid }), ALL_KEYS);
    const sat = summarise(saturated);
    const fix = summarise(fixedRate);
    console.log(table(`myPayment(id) at saturation (${CONNECTIONS} connections, median of ${ROUNDS} alternating rounds of ${SECONDS}s, each floor and gateway's rounds taken in turn from ${COPIES} processes)`, rowsOf(sat)));
    console.log(perProcess(saturated, copies));
    console.log(table(`myPayment(id) at a fixed ${RATE} requests/s, evenly paced (open loop, undici pool; the first process of each)`, rowsOf(fix)));
    console.log('\nratios (CPU ms/1k req is the process serving that column: emulator, floor or gateway)');
    console.log(ratio('gateway/floor throughput at saturation', sat.gateway.rps / sat.floor.rps, { op: '>=', limit: 0.6 }));
    console.log(ratio('gateway/floor throughput at saturation, paired by round', pairedRatio(saturated.gateway, saturated.floor, rpsOf), { op: '>=', limit: 0.6 }));
    console.log(ratio('floor/gateway CPU per request', (sat.floor.cpuPerKReq ?? NaN) / (sat.gateway.cpuPerKReq ?? NaN)));
    console.log(ratio('floor/gateway CPU per request, paired by round', pairedRatio(saturated.floor, saturated.gateway, cpuPerKReqOf)));
    console.log(ratio('gateway/strict floor (undici dispatch API) throughput at saturation', sat.gateway.rps / sat.strictFloor.rps));
    console.log(ratio('strict floor/gateway CPU per request', (sat.strictFloor.cpuPerKReq ?? NaN) / (sat.gateway.cpuPerKReq ?? NaN)));
    console.log(ratio('gateway/direct throughput at saturation', sat.gateway.rps / sat.direct.rps));
    console.log(ratio('gateway/floor p50 at saturation', sat.gateway.p50 / sat.floor.p50));
    console.log(ratio(`p50 added over floor at ${RATE}/s`, fix.gateway.p50 - fix.floor.p50, { op: '<=', limit: Infinity, unit: 'ms' }).replace(/ \(target.*/, ''));
    console.log(ratio(`p99 added over floor at ${RATE}/s`, fix.gateway.p99 - fix.floor.p99, { op: '<=', limit: 2, unit: 'ms' }));
    console.log(ratio(`p99 added over strict floor at ${RATE}/s`, fix.gateway.p99 - fix.strictFloor.p99, { op: '<=', limit: 2, unit: 'ms' }));
    console.log(ratio(`floor p99 added over direct at ${RATE}/s`, fix.floor.p99 - fix.direct.p99, undefined));
    if (sat.baseline && fix.baseline) {
      console.log(ratio('this tree / baseline tree, throughput at saturation', sat.gateway.rps / sat.baseline.rps));
      console.log(ratio('baseline/floor throughput at saturation', sat.baseline.rps / sat.floor.rps));
      console.log(ratio('this tree / baseline tree, CPU per request', (sat.gateway.cpuPerKReq ?? NaN) / (sat.baseline.cpuPerKReq ?? NaN)));
      console.log(ratio('this tree / baseline tree, throughput at saturation, paired by round', pairedRatio(saturated.gateway, saturated.baseline, rpsOf)));
      console.log(ratio('this tree / baseline tree, CPU per request, paired by round', pairedRatio(saturated.gateway, saturated.baseline, cpuPerKReqOf)));
      console.log(ratio(`baseline p99 added over floor at ${RATE}/s`, fix.baseline.p99 - fix.floor.p99));
    }

    if (SHAPES) {
      await runShapes(e, id, stack.copies, { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, upstream: UPSTREAM });
    } else {
      console.log('\nrequest shapes: skipped (BENCH_SHAPES=0)');
    }
    // The sections below start gateways of their own or use the first of each: idle copies would only crowd the core.
    await stack.stopCopies();

    if (BREAKDOWN !== '0') await breakdown(sat.floor.cpuPerKReq);
    else console.log("\nwhere the gateway's CPU goes: skipped (BENCH_BREAKDOWN=0)");

    if (IDEMPOTENCY !== '0') await idempotency();
    else console.log('\naddOrderPayments with idempotency keys: skipped (BENCH_IDEMPOTENCY=0)');
    // The extras need the emulator's real data (many payments, paging, OCC), which the trivial upstream does not have.
    if (UPSTREAM === 'trivial') console.log('\naliases, myPayments(first: 500), addOrderPayments: skipped (BENCH_UPSTREAM=trivial)');
    else if (process.env.BENCH_EXTRAS !== '0') await runExtras(stack, { id, seconds: SECONDS, rounds: ROUNDS });
    else console.log('\naliases, myPayments(first: 500), addOrderPayments: skipped (BENCH_EXTRAS=0)');

    if (TRACING !== '0') await tracingCost();
    else console.log('\ntracing cost: skipped (BENCH_TRACING=0)');

    if (MEMORY_SECONDS > 0) {
      const report = await measureMemory(stack.gateway.pid, MEMORY_SECONDS, (seconds) => run('gateway', { seconds, connections: CONNECTIONS }));
      printMemory(report, MEMORY_SECONDS);
    } else {
      console.log('\nmemory check: skipped (BENCH_MEMORY_SECONDS=0)');
    }
  }
} finally {
  await stack.close();
  await reportLog(stack.gatewayLogFile);
}

/** Evidence that the production log was on: one `graphql operation` line per operation. */
async function reportLog(file: string): Promise<void> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) if (line.includes('"graphql operation"')) lines++;
  console.log(`\ngateway log: ${lines} "graphql operation" lines written to ${file} by the first gateway process (removed)`);
  await rm(file, { force: true });
  // The other gateway processes' logs (stack.ts): `.1`…, and the baseline's `.baseline.0`….
  for (let copy = 0; copy < COPIES; copy++) await Promise.all([rm(`${file}.${copy}`, { force: true }), rm(`${file}.baseline.${copy}`, { force: true })]);
  await rm(file.replace('bench-gateway-', 'bench-manifest-').replace(/\.log$/, '.json'), { force: true });
}


function summarise(series: Record<Key, Measurement[]>) {
  const baseline = series.baseline.length > 0 ? median(series.baseline) : undefined;
  return { direct: median(series.direct), floor: median(series.floor), strictFloor: median(series.strictFloor), gateway: median(series.gateway), baseline };
}

/** Each process's rounds at saturation: round r of a key ran on its process r mod its process count (inTurn). */
function perProcess(series: Record<Key, Measurement[]>, copies: Record<Key, unknown[]>): string {
  const kinds = (['floor', 'strictFloor', 'gateway', 'baseline'] as const)
    .filter((key) => copies[key].length > 1 && series[key].length > 0)
    .map((key): [string, Measurement[][]] => [key, copies[key].map((_copy, index) => series[key].filter((_m, round) => round % copies[key].length === index))]);
  return kinds.length === 0 ? '' : perProcessCpu('CPU ms/1k req of each process at saturation (median of its rounds; its rounds in brackets)', kinds);
}

function rowsOf(s: ReturnType<typeof summarise>) {
  return [
    { name: 'direct (REST on the emulator)', m: s.direct },
    { name: 'floor (node:http + undici request())', m: s.floor },
    { name: 'strict floor (undici dispatch API)', m: s.strictFloor },
    { name: 'gateway (GraphQL, production)', m: s.gateway },
    ...(s.baseline ? [{ name: 'baseline gateway (BENCH_COMPARE_DIR)', m: s.baseline }] : []),
  ];
}

/** The demo customer's payment with the most to resolve (a transaction), so every field does work. */
async function pickPayment(apiUrl: string, projectKey: string, token: string): Promise<string> {
  const res = await fetch(`${apiUrl}/${projectKey}/me/payments?limit=20`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await res.json()) as { results: Array<{ id: string; transactions: unknown[] }> };
  const payment = page.results.find((p) => p.transactions.length > 0) ?? page.results[0];
  if (!payment) throw new Error('the emulator has no demo payment');
  return payment.id;
}

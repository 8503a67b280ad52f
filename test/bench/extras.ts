/** The other shapes: 100 aliases (one upstream call), a 500-payment page, addOrderPayments. */
import { alternate, measure, type Measurement, type Target } from './load.ts';
import { median, ratio, table } from './report.ts';
import {
  directIds,
  directPage500,
  gatewayAddOrderPayments,
  gatewayAliasesDistinct,
  gatewayAliasesSameId,
  gatewayPage500,
  gatewaySmallSingle,
  graphqlProblem,
  probe,
} from './scenarios.ts';
import type { BenchStack } from './stack.ts';

export async function runExtras(stack: BenchStack, options: { id: string; seconds: number; rounds: number }): Promise<void> {
  const e = stack.endpoints;
  const served = async () => ((await (await fetch(`${e.emulator.adminUrl}/count`)).json()) as { served: number }).served;
  const bulkIds = await listIds(e.emulator.apiUrl, e.emulator.projectKey, e.emulator.bulkToken);

  // Latency at one connection: what a single caller sees, without queueing behind other requests.
  const alias = {
    single: gatewaySmallSingle(e, options.id),
    sameId: gatewayAliasesSameId(e, options.id),
    distinct: gatewayAliasesDistinct(e, bulkIds),
  };
  const calls: Record<string, number> = {};
  for (const [key, target] of Object.entries(alias)) {
    const problem = graphqlProblem(await probe(target));
    if (problem) throw new Error(`${key} query failed: ${problem}`);
    const before = await served();
    await probe(target);
    calls[key] = (await served()) - before;
  }
  // The REST calls behind `single` and `distinct`: how much of the distinct case is the upstream's own answer.
  const rest = { restOne: directIds(e, bulkIds.slice(0, 1)), restHundred: directIds(e, bulkIds.slice(0, 100)) };
  // With BENCH_COMPARE_DIR, the baseline tree's single and same-id queries too, in the same rounds.
  const base = stack.baseline;
  const baseEndpoints = base && { ...e, gatewayUrl: base.url };
  const compared: Record<string, Target> = baseEndpoints
    ? { baseSingle: gatewaySmallSingle(baseEndpoints, options.id), baseSameId: gatewayAliasesSameId(baseEndpoints, options.id) }
    : {};
  const targets: Record<string, Target> = { ...alias, ...rest, ...compared };
  const pidOf = (key: string) => (key in rest ? stack.emulator.pid : key in compared ? base!.child.pid : stack.gateway.pid);
  const half = Math.max(1, options.seconds / 2);
  const series = await alternate(Object.keys(targets), options.rounds, (key) => measure(targets[key]!, { seconds: half, connections: 1, pid: pidOf(key) }));
  type Always = 'single' | 'sameId' | 'distinct' | 'restOne' | 'restHundred';
  const s = Object.fromEntries(Object.entries(series).map(([key, runs]) => [key, median(runs)])) as Record<Always, Measurement> & Record<string, Measurement | undefined>;
  console.log(
    table('aliases, 1 connection (same small selection in each field)', [
      { name: `myPayment(id) x1 [${calls.single} upstream call]`, m: s.single },
      { name: `100 aliases, same id [${calls.sameId} upstream call]`, m: s.sameId },
      { name: `100 aliases, 100 ids [${calls.distinct} upstream call]`, m: s.distinct },
      { name: 'REST on the emulator, 1 id', m: s.restOne },
      { name: 'REST on the emulator, 100 ids', m: s.restHundred },
      ...(s.baseSingle && s.baseSameId
        ? [
            { name: 'baseline tree: myPayment(id) x1', m: s.baseSingle },
            { name: 'baseline tree: 100 aliases, same id', m: s.baseSameId },
          ]
        : []),
    ]),
  );
  console.log(ratio('upstream calls per 100-alias query (same id / 100 ids)', Math.max(calls.sameId ?? 0, calls.distinct ?? 0), { op: '<=', limit: 1 }));
  console.log(ratio('100 aliases (same id) / single, p50 latency', s.sameId.p50 / s.single.p50, { op: '<=', limit: 1.5 }));
  console.log(ratio('100 aliases (same id) / single, p99 latency', s.sameId.p99 / s.single.p99));
  console.log(ratio('100 aliases (100 ids) / single, p50 latency', s.distinct.p50 / s.single.p50));
  console.log(ratio('  of which the upstream: REST 100 ids / 1 id, p50 latency', s.restHundred.p50 / s.restOne.p50));
  console.log(ratio('  gateway time added over its REST call, 100 ids / 1 id', (s.distinct.p50 - s.restHundred.p50) / (s.single.p50 - s.restOne.p50)));
  if (s.baseSingle && s.baseSameId) console.log(ratio('baseline tree: 100 aliases (same id) / single, p50 latency', s.baseSameId.p50 / s.baseSingle.p50));

  const page = { direct: directPage500(e), gateway: gatewayPage500(e) };
  const pageProblem = graphqlProblem(await probe(page.gateway));
  if (pageProblem) {
    console.log(`\nmyPayments(first: 500): rejected by the gateway: ${pageProblem}`);
  } else {
    const pages = await alternate(['direct', 'gateway'] as const, options.rounds, (key) =>
      measure(page[key], { seconds: half, connections: 4, pid: key === 'gateway' ? stack.gateway.pid : stack.emulator.pid }),
    );
    const p = { direct: median(pages.direct), gateway: median(pages.gateway) };
    console.log(
      table('myPayments(first: 500), 4 connections', [
        { name: 'direct (REST limit=500)', m: p.direct },
        { name: 'gateway (500 nodes)', m: p.gateway },
      ]),
    );
    console.log(ratio('gateway/direct throughput', p.gateway.rps / p.direct.rps));
  }

  await addOrderPayments(stack, half);
}

async function addOrderPayments(stack: BenchStack, seconds: number): Promise<void> {
  if (!stack.occ) {
    console.log('\naddOrderPayments: skipped: OCC emulator not present');
    return;
  }
  const target: Target = gatewayAddOrderPayments(stack.endpoints, stack.occ.agentToken);
  const problem = graphqlProblem(await probe(target));
  if (problem) {
    console.log(`\naddOrderPayments: skipped: the gateway answered ${problem}`);
    return;
  }
  const m: Measurement = await measure(target, { seconds, connections: 1, pid: stack.gateway.pid });
  console.log(table('addOrderPayments with two card payments, 1 connection', [{ name: 'gateway -> OCC emulator', m }]));
}

async function listIds(apiUrl: string, projectKey: string, token: string): Promise<string[]> {
  const res = await fetch(`${apiUrl}/${projectKey}/me/payments?limit=100&withTotal=false`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await res.json()) as { results: Array<{ id: string }> };
  return page.results.map((p) => p.id);
}

/**
 * Where the gateway's CPU goes beyond the floor's: the production gateway against the same gateway without its
 * per-operation log line and without its rate limits (each a few processes, alternating rounds, one run). What the
 * two leave is GraphQL itself: reading the request, execution, the upstream client (breaker, timeout, metrics).
 */
import { ratio, table } from './report.ts';
import type { BenchStack } from './stack.ts';
import { measureVariants, type VariantOptions } from './variants.ts';

const NO_LIMITS = { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0', RATE_LIMIT_PER_CALLER_PER_MINUTE: '0' };

export async function runBreakdown(stack: BenchStack, options: VariantOptions & { floorCpuPerKReq: number }): Promise<void> {
  const { median: m } = await measureVariants(
    stack,
    {
      production: {},
      noLogLine: { LOG_LEVEL: 'warn' },
      noLimits: NO_LIMITS,
      neither: { LOG_LEVEL: 'warn', ...NO_LIMITS },
    },
    options,
  );
  console.log(
    table(`where the gateway's CPU goes: myPayment(id) at saturation (${options.processes} processes each, median of ${options.rounds} alternating rounds)`, [
      { name: 'gateway, production', m: m.production },
      { name: 'without the per-operation log line (LOG_LEVEL=warn)', m: m.noLogLine },
      { name: 'without rate limits (RATE_LIMIT_*=0)', m: m.noLimits },
      { name: 'without either', m: m.neither },
    ]),
  );
  const cpu = (key: keyof typeof m) => m[key].cpuPerKReq ?? NaN;
  const share = (label: string, without: keyof typeof m) => console.log(ratio(`${label}: share of the production gateway's CPU per request`, 1 - cpu(without) / cpu('production')));
  share('the log line', 'noLogLine');
  share('rate limits (in memory)', 'noLimits');
  share('both', 'neither');
  console.log(ratio('floor/gateway CPU per request, production', options.floorCpuPerKReq / cpu('production')));
  console.log(ratio('floor/gateway CPU per request, without either', options.floorCpuPerKReq / cpu('neither')));
}

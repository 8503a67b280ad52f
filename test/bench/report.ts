/** Plain-text tables and ratios for the bench output. */
import type { Measurement } from './load.ts';

export interface Row {
  name: string;
  m: Measurement;
}

const fixed = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

export function table(title: string, rows: Row[]): string {
  const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/1k req', 'requests', 'failed'];
  const body = rows.map(({ name, m }) => [
    name,
    fixed(m.rps, 0),
    fixed(m.p50, 2),
    fixed(m.p99, 2),
    fixed(m.cpuPerKReq, 0),
    String(m.requests),
    String(m.failures),
  ]);
  const widths = header.map((_, col) => Math.max(...[header, ...body].map((cells) => cells[col]!.length)));
  const line = (cells: string[]) => cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
  return [`\n${title}`, line(header), ...body.map(line)].join('\n');
}

export function ratio(label: string, value: number, target?: { op: '>=' | '<='; limit: number; unit?: string }, digits = 2): string {
  const unit = target?.unit ?? '';
  const shown = unit === '' ? value.toFixed(digits) : `${value.toFixed(digits)} ${unit}`;
  if (!target) return `  ${label}: ${shown}`;
  const met = target.op === '>=' ? value >= target.limit : value <= target.limit;
  return `  ${label}: ${shown}  (target ${target.op} ${target.limit}${unit === '' ? '' : ` ${unit}`}: ${met ? 'met' : 'NOT met'})`;
}

/** The middle value (the upper one of an even count); NaN when there is none. */
export function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Field-wise median over the rounds of one series. */
export function median(series: Measurement[]): Measurement {
  const mid = <T>(values: T[], key: (v: T) => number) => medianOf(values.map(key));
  const cpu = series.map((m) => m.cpuPerKReq).filter((v): v is number => v !== undefined);
  return {
    rps: mid(series, (m) => m.rps),
    p50: mid(series, (m) => m.p50),
    p99: mid(series, (m) => m.p99),
    requests: series.reduce((sum, m) => sum + m.requests, 0),
    failures: series.reduce((sum, m) => sum + m.failures, 0),
    cpuPerKReq: cpu.length === 0 ? undefined : medianOf(cpu),
  };
}

/**
 * The median over rounds of `numerator`'s round r against `denominator`'s round r: each pair ran minutes apart at
 * most, so the host's load, which on a shared VM moves a process's CPU per request by 2× within a run, mostly
 * cancels out of the ratio (a ratio of whole-run medians keeps it whenever the two medians come from different minutes).
 */
export function pairedRatio(numerator: readonly Measurement[], denominator: readonly Measurement[], pick: (m: Measurement) => number | undefined): number {
  const ratios: number[] = [];
  for (let round = 0; round < Math.min(numerator.length, denominator.length); round++) {
    const top = pick(numerator[round]!);
    const bottom = pick(denominator[round]!);
    if (top !== undefined && bottom !== undefined && bottom !== 0) ratios.push(top / bottom);
  }
  return trueMedian(ratios);
}

/** The true median (the mean of the middle two for an even count): the upper one would lean a ratio towards "met". */
export function trueMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const rpsOf = (m: Measurement): number => m.rps;
export const cpuPerKReqOf = (m: Measurement): number | undefined => m.cpuPerKReq;

/**
 * One line of each kind's processes: every process's median CPU per request, its rounds in brackets. The spread
 * between processes of the same code is the noise any comparison between kinds must beat.
 */
export function perProcessCpu(title: string, kinds: ReadonlyArray<[name: string, processes: Measurement[][]]>): string {
  const cpu = (m: Measurement) => (m.cpuPerKReq ?? NaN).toFixed(0);
  const lines = kinds.map(([name, processes]) => `  ${name}: ${processes.map((rounds) => `${cpu(median(rounds))} [${rounds.map(cpu).join(' ')}]`).join(' / ')}`);
  return `\n${title}\n${lines.join('\n')}`;
}

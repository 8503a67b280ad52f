/**
 * The memory check: is the gateway's footprint stable under sustained load? One RSS reading moves by tens of MiB
 * with the garbage collector's rhythm, so RSS is sampled every second during the run and the windows compared.
 */
import type { Measurement } from './load.ts';
import { rssMiB } from './processes.ts';
import { medianOf, ratio, table } from './report.ts';

const SAMPLE_MS = 1000;
/** Seconds at each end of the run whose samples are compared. */
const WINDOW_SECONDS = 10;

export interface MemoryReport {
  /** Idle, after warm-up and every other measurement, just before the run. */
  idleBefore: number;
  idleAfter: number;
  /** Medians of the samples in the first and last `windowSeconds` of the run (shorter for a short run). */
  windowSeconds: number;
  firstWindow: number;
  lastWindow: number;
  /** Least-squares slope of all samples, MiB per minute. */
  trendPerMinute: number;
  min: number;
  max: number;
  load: Measurement;
}

export async function measureMemory(pid: number, seconds: number, saturate: (seconds: number) => Promise<Measurement>): Promise<MemoryReport> {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));
  await settle();
  const idleBefore = rssMiB(pid);
  const samples: Array<{ at: number; mib: number }> = [];
  const started = performance.now();
  const timer = setInterval(() => samples.push({ at: (performance.now() - started) / 1000, mib: rssMiB(pid) }), SAMPLE_MS);
  let load: Measurement;
  try {
    load = await saturate(seconds);
  } finally {
    clearInterval(timer);
  }
  await settle();
  const window = Math.min(WINDOW_SECONDS, Math.max(1, Math.floor(samples.length / 3)));
  const values = samples.map((s) => s.mib);
  return {
    idleBefore,
    idleAfter: rssMiB(pid),
    windowSeconds: window,
    firstWindow: medianOf(values.slice(0, window)),
    lastWindow: medianOf(values.slice(-window)),
    trendPerMinute: slope(samples) * 60,
    min: Math.min(...values),
    max: Math.max(...values),
    load,
  };
}

export function printMemory(report: MemoryReport, seconds: number): void {
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  console.log(table(`memory check: gateway saturated for ${seconds}s, RSS sampled every second`, [{ name: 'gateway', m: report.load }]));
  console.log(`  RSS under load: first ${report.windowSeconds}s median ${mib(report.firstWindow)}, last ${report.windowSeconds}s median ${mib(report.lastWindow)}, range ${mib(report.min)}–${mib(report.max)}`);
  console.log(`  RSS idle: before ${mib(report.idleBefore)}, after ${mib(report.idleAfter)}; trend over the run ${report.trendPerMinute.toFixed(1)} MiB/min`);
  console.log(ratio('RSS under load, last / first window (medians)', report.lastWindow / report.firstWindow, { op: '<=', limit: 1.2 }));
  console.log(ratio('RSS idle, after / before the run', report.idleAfter / report.idleBefore, { op: '<=', limit: 1.2 }));
}

function slope(points: Array<{ at: number; mib: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.at, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.mib, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.at - meanX) * (p.mib - meanY);
    den += (p.at - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

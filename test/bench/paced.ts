import { measurePacedEach } from './pacedEach.ts';
import type { Measurement, Target } from './load.ts';

/**
 * Open-loop load at an even pace, one fixed request. autocannon's `overallRate` lets each connection send its whole
 * per-second quota back to back at the start of every second, which measures bursts, not a moderate steady rate.
 * The pacing itself lives in pacedEach.ts (there each request may differ).
 */
export function measurePaced(target: Target, options: { seconds: number; rate: number; pid?: number }): Promise<Measurement> {
  return measurePacedEach(() => target, options);
}

/**
 * Profiles one bench gateway over a window of load of its own, with test/bench/profileOnSignal.mjs loaded into it:
 * SIGUSR2 starts the profiler, the next one writes `<dir>/<pid>-<n>.cpuprofile`.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, rewarm, type Measured } from './load.ts';
import { ROOT } from './stack.ts';

export interface ProfiledWindow {
  file: string;
  /** Requests the window served: the profile's time divided by these is per request. */
  requests: number;
}

/** A directory for the profiles, and what a gateway's environment needs to answer the signal (`env`'s NODE_OPTIONS kept). */
export function profilingSetup(): { dir: string; envFor(env: Record<string, string>): Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-profiles-'));
  const hook = `--import=${join(ROOT, 'test/bench/profileOnSignal.mjs')}`;
  return {
    dir,
    envFor: (env) => ({ ...env, BENCH_PROFILE_OUT: dir, NODE_OPTIONS: env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ${hook}` : hook }),
  };
}

/** Warms the process, waits for `settle`, then profiles `seconds` of load and the settle after it (a traced one's export). */
export async function profileWindow(run: Measured, dir: string, load: { seconds: number; connections: number }, settle?: () => Promise<void>): Promise<ProfiledWindow> {
  // The hook says it is listening: without it, SIGUSR2 would end the process.
  if (!existsSync(join(dir, `${run.pid}.ready`))) throw new Error(`process ${run.pid} has not loaded profileOnSignal.mjs`);
  const before = new Set(readdirSync(dir));
  await rewarm([run.target], load.connections, settle);
  process.kill(run.pid, 'SIGUSR2');
  const window = await measure(run.target, load);
  await settle?.();
  process.kill(run.pid, 'SIGUSR2');
  if (window.failures > 0) throw new Error(`a profiled window had ${window.failures} failed requests`);
  for (let waited = 0; waited < 20_000; waited += 100) {
    const written = readdirSync(dir).find((file) => !before.has(file) && file.startsWith(`${run.pid}-`) && file.endsWith('.cpuprofile'));
    if (written !== undefined) return { file: join(dir, written), requests: window.requests };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process ${run.pid} wrote no profile in 20 s`);
}

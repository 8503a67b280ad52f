/**
 * Profiles one bench gateway over a window of load of its own, with test/bench/profileOnSignal.mjs loaded into it:
 * SIGUSR2 starts the profiler, the next one writes `<dir>/<pid>-<n>.cpuprofile`.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, rewarm, type Measured } from './load.ts';
import { cpuMs } from './processes.ts';
import { ROOT } from './stack.ts';

export interface ProfiledWindow {
  file: string;
  /** Requests the window served: the profile's time divided by these is per request. */
  requests: number;
  /** The CPU time the process used over the window (profileDiff.ts scales the profile to it). */
  cpuMs: number;
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

/**
 * Warms the processes, waits for `settle`, then profiles `seconds` of load on all of them at once and the settle after
 * it (a traced one's export). Two processes profiled together on one core share whatever the host does in that
 * window, so their profiles differ by what their code does, not by the minute each was taken in.
 */
export async function profileTogether(runs: readonly Measured[], dir: string, load: { seconds: number; connections: number }, settle?: () => Promise<void>): Promise<ProfiledWindow[]> {
  for (const run of runs) {
    // The hook says it is listening: without it, SIGUSR2 would end the process.
    if (!existsSync(join(dir, `${run.pid}.ready`))) throw new Error(`process ${run.pid} has not loaded profileOnSignal.mjs`);
  }
  const before = new Set(readdirSync(dir));
  await rewarm(runs.map((run) => run.target), load.connections, settle);
  for (const run of runs) process.kill(run.pid, 'SIGUSR2');
  const cpuBefore = runs.map((run) => cpuMs(run.pid));
  const windows = await Promise.all(runs.map((run) => measure(run.target, load)));
  await settle?.();
  const used = runs.map((run, index) => cpuMs(run.pid) - cpuBefore[index]!);
  for (const run of runs) process.kill(run.pid, 'SIGUSR2');
  if (windows.some((window) => window.failures > 0)) throw new Error('a profiled window had failed requests');
  return Promise.all(runs.map((run, index) => writtenProfile(run.pid, dir, before, { requests: windows[index]!.requests, cpuMs: used[index]! })));
}

async function writtenProfile(pid: number, dir: string, before: ReadonlySet<string>, window: Omit<ProfiledWindow, 'file'>): Promise<ProfiledWindow> {
  for (let waited = 0; waited < 20_000; waited += 100) {
    const written = readdirSync(dir).find((file) => !before.has(file) && file.startsWith(`${pid}-`) && file.endsWith('.cpuprofile'));
    if (written !== undefined) return { file: join(dir, written), ...window };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process ${pid} wrote no profile in 20 s`);
}

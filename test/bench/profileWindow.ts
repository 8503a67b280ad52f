/**
 * Profiles bench gateways loaded together over one window, with test/bench/profileOnSignal.mjs loaded into each:
 * SIGUSR2 starts the profiler (`<dir>/<pid>-<n>.started` once it runs), the next one writes `<dir>/<pid>-<n>.cpuprofile`.
 * Each window's CPU time is recorded with it: profileDiff.ts scales the profile to it.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, rewarm, type Measured } from './load.ts';
import { cpuMs } from './processes.ts';
import type { WindowProfile } from './profileDiff.ts';
import { ROOT } from './stack.ts';

/** A profiled window, its requests and the CPU time its process used over it. */
export type ProfiledWindow = Required<WindowProfile>;

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
  if (new Set(runs.map((run) => run.pid)).size !== runs.length) throw new Error('each process can be profiled once per window');
  const before = new Set(readdirSync(dir));
  await rewarm(runs.map((run) => run.target), load.connections, settle);
  for (const run of runs) process.kill(run.pid, 'SIGUSR2');
  let windows: Awaited<ReturnType<typeof measure>>[];
  let used: number[];
  try {
    await Promise.all(runs.map((run) => written(dir, before, run.pid, '.started')));
    const cpuBefore = runs.map((run) => cpuMs(run.pid));
    windows = await Promise.all(runs.map((run) => measure(run.target, load)));
    await settle?.();
    used = runs.map((run, index) => cpuMs(run.pid) - cpuBefore[index]!);
  } finally {
    // Stopped whatever happened: a profiler left running would turn the next window's signals around.
    for (const run of runs) process.kill(run.pid, 'SIGUSR2');
  }
  if (windows.some((window) => window.requests === 0 || window.failures > 0)) throw new Error('a profiled window answered nothing or had failed requests');
  const files = await Promise.all(runs.map((run) => written(dir, before, run.pid, '.cpuprofile')));
  return files.map((file, index) => ({ file, requests: windows[index]!.requests, cpuMs: used[index]! }));
}

/** The path of the first file `pid` wrote with this ending since `before`, once it exists. */
async function written(dir: string, before: ReadonlySet<string>, pid: number, ending: string): Promise<string> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    const file = readdirSync(dir).find((name) => !before.has(name) && name.startsWith(`${pid}-`) && name.endsWith(ending));
    if (file !== undefined) return join(dir, file);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`process ${pid} wrote no ${ending} file in 20 s`);
}

/** Child processes for the bench, each pinned to a core with taskset, plus CPU and memory readings from /proc. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export { freePort } from '../helpers/freePort.ts';

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly command: string;
  stop(): Promise<void>;
}

/** Core numbers to pin to, or undefined when taskset is missing or the machine has a single core. */
export interface Pinning {
  proxyCore: number | undefined;
  loadCore: number | undefined;
  how: string;
}

export function planPinning(cores: number): Pinning {
  const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
  if (!hasTaskset || cores < 2) {
    return { proxyCore: undefined, loadCore: undefined, how: hasTaskset ? 'not pinned: 1 core' : 'not pinned: taskset not found' };
  }
  // Gateway/floor get core 0 alone; the load generator (this process) and the emulators share the last core.
  const loadCore = cores - 1;
  return {
    proxyCore: 0,
    loadCore,
    how: `taskset: gateway/floor on core 0; load generator (autocannon, this process) + emulators on core ${loadCore}`,
  };
}

/** Pins every thread of this process (libuv pool, GC threads too). */
export function pinSelf(core: number | undefined): void {
  if (core !== undefined) spawnSync('taskset', ['-a', '-cp', String(core), String(process.pid)]);
}

function pinned(core: number | undefined, argv: string[]): string[] {
  return core === undefined ? argv : ['taskset', '-c', String(core), ...argv];
}

/** Starts a TypeScript entry that prints `BENCH_READY <json>` and resolves with that JSON. */
export async function startReadyChild<T>(name: string, core: number | undefined, script: string, env: NodeJS.ProcessEnv): Promise<{ child: Child; ready: T }> {
  const argv = pinned(core, [process.execPath, '--import', 'tsx', script]);
  const proc = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout! });
  const ready = await new Promise<T>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (line.startsWith('BENCH_READY ')) resolve(JSON.parse(line.slice('BENCH_READY '.length)) as T);
    });
  });
  proc.removeAllListeners('exit');
  return { child: wrap(name, proc, argv), ready };
}

/** Starts a process whose stdout goes to a file and which is ready once `healthUrl` answers at all. */
export async function startServiceChild(
  name: string,
  core: number | undefined,
  argv: string[],
  env: NodeJS.ProcessEnv,
  stdoutFile: string,
  healthUrl: string,
): Promise<Child> {
  const full = pinned(core, argv);
  const out = openSync(stdoutFile, 'w');
  const proc = spawn(full[0]!, full.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', out, 'inherit'] });
  let exited: number | null | undefined;
  proc.once('exit', (code) => (exited = code));
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exited !== undefined) throw new Error(`${name} exited with ${exited} before it was ready`);
    try {
      const res = await fetch(healthUrl);
      await res.arrayBuffer();
      // Any answer means it is listening; the scenarios' probes then check real answers.
      if (res.status > 0) return wrap(name, proc, full);
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} did not become ready at ${healthUrl}`);
}

function wrap(name: string, proc: ChildProcess, argv: string[]): Child {
  if (proc.pid === undefined) throw new Error(`${name} did not start`);
  const pid = proc.pid;
  return {
    name,
    pid,
    command: argv.join(' '),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}


const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process in milliseconds (all its threads). */
export function cpuMs(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

export interface CpuTimes {
  user: number;
  system: number;
}

/** User and system CPU time of a process in milliseconds (all its threads), apart. */
export function cpuTimes(pid: number): CpuTimes {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the `(comm)` part; utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1000) / TICKS_PER_SECOND, system: (Number(fields[12]) * 1000) / TICKS_PER_SECOND };
}

/** Resident set size in MiB. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : NaN;
}

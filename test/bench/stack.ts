/** Starts the bench's processes: emulators and load generator share one core, floor and gateway the other. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EmulatorReady } from './emulatorProcess.ts';
import type { OccReady } from './occEmulatorProcess.ts';
import { freePort, startReadyChild, startServiceChild, type Child, type Pinning } from './processes.ts';
import { restPath, type Endpoints } from './scenarios.ts';
import { writeBenchManifest } from './shapes.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const here = (file: string) => join(ROOT, 'test/bench', file);

export interface BenchStack {
  endpoints: Endpoints;
  occ: OccReady | undefined;
  emulator: Child;
  floor: Child;
  /** The same floor over undici's dispatch API, as the gateway calls upstreams. */
  strictFloor: Child;
  gateway: Child;
  /** A second gateway from another source tree (BENCH_COMPARE_DIR), to measure a change within one run. */
  baseline: { child: Child; url: string } | undefined;
  /**
   * Every process of each kind, the one above first. The same code runs faster or slower from one process to the
   * next (the floor's CPU per request ranged 86–117 µs over five runs of one evening), so the timed comparisons take
   * their rounds from each process in turn rather than trusting one draw.
   */
  copies: Record<'floor' | 'strictFloor' | 'gateway' | 'baseline', Served[]>;
  /** Stops every copy but the first of each kind: the sections after the timed comparisons use only the first. */
  stopCopies(): Promise<void>;
  gatewayLogFile: string;
  /** Another gateway with the bench gateway's settings plus `env` (tracing, Redis…), on the same core; stopped by close(). */
  startGateway(name: string, env: Record<string, string>): Promise<{ child: Child; url: string; logFile: string }>;
  close(): Promise<void>;
}

/** A process serving requests: where, and whose CPU time they cost. */
export interface Served {
  url: string;
  pid: number;
}

export async function startBenchStack(
  pinning: Pinning,
  options: { cpuProfileDir?: string | undefined; compareDir?: string | undefined; trivialUpstream?: boolean | undefined; copies?: number | undefined },
): Promise<BenchStack> {
  const copies = Math.max(1, options.copies ?? 1);
  const children: Child[] = [];
  try {
    const ct = await startReadyChild<EmulatorReady>('commercetools emulator', pinning.loadCore, here('emulatorProcess.ts'), {});
    children.push(ct.child);

    let occ: OccReady | undefined;
    if (existsSync(join(ROOT, 'src/emulators/occ/index.ts'))) {
      const started = await startReadyChild<OccReady>('OCC emulator', pinning.loadCore, here('occEmulatorProcess.ts'), {});
      children.push(started.child);
      occ = started.ready;
    }

    // BENCH_UPSTREAM=trivial: floors and gateway call a fixed-answer server instead (on the load core, as the emulator).
    let upstream = ct.ready;
    if (options.trivialUpstream) {
      const trivial = await startReadyChild<{ url: string }>('trivial upstream', pinning.loadCore, here('trivialUpstream.ts'), {
        TRIVIAL_BODY: await paymentPage(ct.ready.apiUrl, ct.ready.projectKey, ct.ready.demoToken),
      });
      children.push(trivial.child);
      upstream = { ...ct.ready, apiUrl: trivial.ready.url };
    }

    const startFloor = async (name: string, client: 'request' | 'dispatch') => {
      const started = await startReadyChild<{ url: string }>(name, pinning.proxyCore, here('floorProxy.ts'), {
        FLOOR_UPSTREAM_URL: upstream.apiUrl,
        FLOOR_PROJECT_KEY: ct.ready.projectKey,
        FLOOR_CLIENT: client,
      });
      children.push(started.child);
      return started;
    };
    const floors = await startCopies(copies, (copy) => startFloor(`floor ${copy}`, 'request'));
    const strictFloors = await startCopies(copies, (copy) => startFloor(`strict floor ${copy}`, 'dispatch'));
    const [floor, strictFloor] = [floors[0]!, strictFloors[0]!];

    const gatewayLogFile = join(tmpdir(), `bench-gateway-${process.pid}.log`);
    const manifestFile = join(tmpdir(), `bench-manifest-${process.pid}.json`);
    writeBenchManifest(manifestFile);
    const profile = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
    const startGateway = async (name: string, root: string, logFile: string, env: Record<string, string> = {}) => {
      const port = await freePort();
      const child = await startServiceChild(
        name,
        pinning.proxyCore,
        [process.execPath, ...profile, '--import', 'tsx', join(root, 'src/main.ts')],
        {
          // Production settings: limits, metrics and the one-line-per-operation log all on.
          NODE_ENV: 'production',
          SHUTDOWN_DELAY_MS: '0',
          LOG_LEVEL: 'info',
          HOST: '127.0.0.1',
          PORT: String(port),
          CTP_API_URL: upstream.apiUrl,
          CTP_PROJECT_KEY: ct.ready.projectKey,
          // Nothing but addOrderPayments calls OCC; without its emulator any URL satisfies the config.
          OCC_BASE_URL: occ?.baseUrl ?? ct.ready.apiUrl,
          // The `documentId` shape (test/bench/shapes.ts); a tree without persisted documents ignores it.
          PERSISTED_DOCUMENTS: manifestFile,
          // One address and one token send everything: rate limits stay on (their cost counts) but never refuse.
          RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
          RATE_LIMIT_PER_CALLER_PER_MINUTE: '10000000',
          ...env,
        },
        logFile,
        `http://127.0.0.1:${port}/healthz`,
      );
      children.push(child);
      return { child, url: `http://127.0.0.1:${port}/graphql` };
    };
    // Only the first gateway's log is counted (run.ts); the others' go next to it and are removed with it.
    const gateways = await startCopies(copies, (copy) => startGateway(`gateway ${copy}`, ROOT, copy === 0 ? gatewayLogFile : `${gatewayLogFile}.${copy}`));
    const gateway = gateways[0]!;
    const compareDir = options.compareDir;
    const baselines =
      compareDir === undefined ? [] : await startCopies(copies, (copy) => startGateway(`baseline gateway ${copy}`, resolve(compareDir), `${gatewayLogFile}.baseline.${copy}`));
    const baseline = baselines[0];
    const floorServed = (started: { child: Child; ready: { url: string } }): Served => ({ url: started.ready.url, pid: started.child.pid });
    const gatewayServed = (started: { child: Child; url: string }): Served => ({ url: started.url, pid: started.child.pid });
    const spares = [...floors.slice(1), ...strictFloors.slice(1), ...gateways.slice(1), ...baselines.slice(1)].map((started) => started.child);

    return {
      endpoints: { emulator: upstream, floorUrl: floor.ready.url, strictFloorUrl: strictFloor.ready.url, gatewayUrl: gateway.url },
      occ,
      emulator: ct.child,
      floor: floor.child,
      strictFloor: strictFloor.child,
      gateway: gateway.child,
      baseline,
      copies: { floor: floors.map(floorServed), strictFloor: strictFloors.map(floorServed), gateway: gateways.map(gatewayServed), baseline: baselines.map(gatewayServed) },
      async stopCopies() {
        for (const child of spares.splice(0)) {
          await child.stop();
          children.splice(children.indexOf(child), 1);
        }
      },
      gatewayLogFile,
      async startGateway(name, env) {
        const logFile = join(tmpdir(), `bench-${name.replace(/\W+/g, '-')}-${process.pid}.log`);
        return { ...(await startGateway(name, ROOT, logFile, env)), logFile };
      },
      close: () => stopAll(children),
    };
  } catch (error) {
    await stopAll(children);
    throw error;
  }
}

async function startCopies<T>(count: number, start: (copy: number) => Promise<T>): Promise<T[]> {
  const started: T[] = [];
  for (let copy = 0; copy < count; copy++) started.push(await start(copy));
  return started;
}

async function stopAll(children: Child[]): Promise<void> {
  // Gateway first, so it drains before its upstreams go away.
  for (const child of [...children].reverse()) await child.stop();
}

/** The page the gateway's loader gets for the demo payment with a transaction: what the trivial upstream answers. */
async function paymentPage(apiUrl: string, projectKey: string, token: string): Promise<string> {
  const res = await fetch(`${apiUrl}/${projectKey}/me/payments?limit=20`, { headers: { authorization: `Bearer ${token}` } });
  const page = (await res.json()) as { results: Array<{ id: string; transactions: unknown[] }> };
  const payment = page.results.find((p) => p.transactions.length > 0) ?? page.results[0];
  if (!payment) throw new Error('the emulator has no demo payment');
  const one = await fetch(restPath({ apiUrl, projectKey } as Endpoints['emulator'], [payment.id], 1), { headers: { authorization: `Bearer ${token}` } });
  return one.text();
}

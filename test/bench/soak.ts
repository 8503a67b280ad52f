/**
 * Hardening load run: the production gateway (a child process) under autocannon for SOAK_SECONDS (default 60),
 * reporting requests/s, errors (must be 0) and the gateway's RSS at the start and end (growth must stay < 20%).
 * Run: `npx tsx test/bench/soak.ts` (SOAK_SECONDS=10 for a quick check; SOAK_CONNECTIONS, default 32).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startCommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startOccEmulator } from '../../src/emulators/occ/index.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 32);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

const ct = await startCommercetoolsEmulator({ host: '127.0.0.1', port: 0 });
const occ = await startOccEmulator({ host: '127.0.0.1', port: 0 });
const gateway = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: ROOT,
  // Production settings: limits, metrics and the one-line-per-operation log on (written to /dev/null here).
  env: { ...process.env, NODE_ENV: 'production', SHUTDOWN_DELAY_MS: '0', METRICS_PUBLIC: 'true', LOG_LEVEL: 'info', PORT: '0', CTP_API_URL: ct.apiUrl, CTP_PROJECT_KEY: ct.projectKey, OCC_BASE_URL: occ.baseUrl },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let banner = '';
const url = await new Promise<string>((resolve, reject) => {
  gateway.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  gateway.stdout!.on('data', (chunk: Buffer) => {
    banner += chunk.toString('utf8');
    const match = /ready at (http:\/\/\S+\/graphql)/.exec(banner);
    if (match?.[1]) {
      banner = '';
      resolve(match[1]);
    }
  });
});
gateway.stdout!.removeAllListeners('data');
gateway.stdout!.resume(); // discard the per-operation log lines

try {
  const token = ct.demo.customerToken;
  const page = (await (await fetch(`${ct.apiUrl}/${ct.projectKey}/me/payments?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    results: Array<{ id: string }>;
  };
  const id = page.results[0]?.id;
  if (!id) throw new Error('the emulator has no demo payment');
  const target = {
    url,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'query One($id: ID!) { myPayment(id: $id) { id version amountPlanned { centAmount currencyCode } transactions { id type state } } }',
      variables: { id },
    }),
  };
  await autocannon({ ...target, connections: CONNECTIONS, duration: Math.min(5, SECONDS) }); // warm-up: JIT, pools
  const start = rssMiB(gateway.pid!);
  // RSS and V8 heap every 10 s, from /proc and the gateway's own /metrics: a plateau is warm-up, a slope is a leak.
  const heapMiB = async () => Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(await (await fetch(url.replace('/graphql', '/metrics'))).text())?.[1]) / 2 ** 20;
  const samples: string[] = [];
  const sampler = setInterval(() => void heapMiB().then((heap) => samples.push(`${rssMiB(gateway.pid!).toFixed(0)}/${heap.toFixed(0)}`)), 10_000);
  const result = await autocannon({ ...target, connections: CONNECTIONS, duration: SECONDS, timeout: 10 });
  clearInterval(sampler);
  const end = rssMiB(gateway.pid!);
  const errors = result.errors + result.timeouts + result.non2xx;
  const growth = (end / start - 1) * 100;
  console.log(`soak: ${SECONDS}s, ${CONNECTIONS} connections, myPayment(id) through the production gateway`);
  console.log(`  requests/s ${result.requests.average.toFixed(0)} (${result.requests.total} requests), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  console.log(`  errors ${errors} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})  ${errors === 0 ? 'OK' : 'FAIL'}`);
  console.log(`  every 10 s, RSS/heap used MiB: ${samples.join(' ')}`);
  console.log(`  gateway RSS start ${start.toFixed(1)} MiB, end ${end.toFixed(1)} MiB, growth ${growth.toFixed(1)}%  ${growth < 20 ? 'OK' : 'FAIL'}`);
  if (errors > 0 || growth >= 20) process.exitCode = 1;
} finally {
  gateway.kill('SIGTERM');
  await new Promise((resolve) => gateway.once('exit', resolve));
  await Promise.all([ct.close(), occ.close()]);
}

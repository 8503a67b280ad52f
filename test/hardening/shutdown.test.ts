import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sendReadiness } from '../../src/http/health.ts';
import { faults, paymentPage, startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const stubs: StubUpstream[] = [];
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await Promise.all(stubs.map((stub) => stub.close()));
});

/** `tsx src/main.ts` (what `npm start` runs) as a child process; resolves with its GraphQL URL once it is ready. */
async function startMain(env: Record<string, string>): Promise<{ url: string; exited: Promise<number | null>; output: () => string }> {
  const proc = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let output = '';
  proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`main exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { url, exited, output: () => output };
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the in-flight operation, refuses new connections and exits 0', async () => {
    const ct = await startStubUpstream(faults.slow(800, paymentPage(['in-flight'])));
    const occ = await startStubUpstream();
    stubs.push(ct, occ);
    const main = await startMain({
      NODE_ENV: 'production',
      PORT: '0',
      LOG_LEVEL: 'info',
      CTP_API_URL: ct.url,
      OCC_BASE_URL: occ.url,
      SHUTDOWN_GRACE_MS: '5000',
    });

    const inFlight = fetch(main.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer some-token' },
      body: JSON.stringify({ query: '{ myPayments(first: 1) { nodes { id } } }' }),
    });
    while (ct.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const signalled = performance.now();
    child!.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { myPayments: { nodes: [{ id: 'in-flight' }] } } });
    expect(await main.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(5000);
    await expect(fetch(main.url.replace('/graphql', '/healthz'))).rejects.toThrow();
    expect(main.output()).toMatch(/"msg":"shutting down"/);
  }, 30_000);
});

describe('readiness while draining', () => {
  it('/readyz is 503 once draining, whatever the circuits say', async () => {
    const server = createServer((_req, res) => sendReadiness(res, { isDraining: () => true, openCircuits: () => [] }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect([res.status, await res.json()]).toEqual([503, { status: 'draining' }]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { sendReadiness } from '../../src/http/health.ts';
import { faults, paymentPage, startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;
const stubs: StubUpstream[] = [];
/** The latest child; every one is killed at the end should a test fail before it exits. */
let child: ChildProcess | undefined;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await Promise.all(stubs.map((stub) => stub.close()));
});

/** `tsx src/main.ts` (what `npm start` runs) as a child process; resolves with its GraphQL URL once it is ready. */
async function startMain(env: Record<string, string>): Promise<{ url: string; exited: Promise<number | null>; exitCode: () => number | null; output: () => string }> {
  const proc = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  children.push(proc);
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
  return { url, exited, exitCode: () => proc.exitCode, output: () => output };
}

/** A GET on a connection of its own (no keep-alive pool), so it shows whether the listener still accepts. */
function freshGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).once('error', reject);
  });
}

const LIST = JSON.stringify({ query: '{ myPayments(first: 1) { nodes { id } } }' });
const inFlightRequest = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer some-token' }, body: LIST });

async function productionMain(ctDelayMs: number, env: Record<string, string>) {
  const ct = await startStubUpstream(faults.slow(ctDelayMs, paymentPage(['in-flight'])));
  const occ = await startStubUpstream();
  stubs.push(ct, occ);
  const main = await startMain({ NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', CTP_API_URL: ct.url, OCC_BASE_URL: occ.url, ...env });
  return { ct, main, origin: new URL(main.url).origin };
}

describe('graceful shutdown', () => {
  it('on SIGTERM: readiness 503 at once, still serving new connections for SHUTDOWN_DELAY_MS, then refusing them while in-flight work finishes; exit 0', async () => {
    const DELAY_MS = 2500;
    const { ct, main, origin } = await productionMain(DELAY_MS + 2000, { SHUTDOWN_DELAY_MS: String(DELAY_MS), SHUTDOWN_GRACE_MS: '10000' });
    expect(await freshGet(`${origin}/readyz`)).toEqual({ status: 200, body: '{"status":"ready"}' });

    const inFlight = inFlightRequest(main.url);
    while (ct.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const signalled = performance.now();
    child!.kill('SIGTERM');

    // Readiness flips first, so the balancer stops sending before anything is refused.
    let ready = await freshGet(`${origin}/readyz`);
    while (ready.status === 200 && performance.now() - signalled < 1000) ready = await freshGet(`${origin}/readyz`);
    expect(ready).toEqual({ status: 503, body: '{"status":"draining"}' });
    // Meanwhile a new connection is still served, liveness included.
    expect(await freshGet(`${origin}/healthz`)).toEqual({ status: 200, body: '{"status":"ok"}' });
    const during = await fetch(main.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(await during.json()).toEqual({ data: { __typename: 'Query' } });
    expect(performance.now() - signalled, 'the checks above must run inside the delay; the machine is too slow for this test').toBeLessThan(DELAY_MS);

    // After the delay: refused, while the in-flight operation is still running.
    let refusedAt: number | undefined;
    while (refusedAt === undefined && performance.now() - signalled < DELAY_MS + 1500) {
      await freshGet(`${origin}/healthz`).then(() => new Promise((resolve) => setTimeout(resolve, 25)), () => (refusedAt = performance.now() - signalled));
    }
    expect(refusedAt, 'the listener was still accepting 1.5 s after the delay').toBeDefined();
    expect(refusedAt!).toBeGreaterThanOrEqual(DELAY_MS - 50);
    expect(main.exitCode()).toBeNull();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { myPayments: { nodes: [{ id: 'in-flight' }] } } });
    expect(await main.exited).toBe(0);
    expect(main.output()).toMatch(/"msg":"shutting down"/);
    // Both operations served while stopping have their log line, written out before the exit.
    expect(main.output().match(/"msg":"graphql operation"/g)).toHaveLength(2);
  }, 30_000);

  it('exits non-zero when SHUTDOWN_GRACE_MS passes with a request still running, which is cut', async () => {
    const { ct, main } = await productionMain(20_000, { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_GRACE_MS: '500' });
    const inFlight = inFlightRequest(main.url).then((res) => res.status, () => 'cut');
    while (ct.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const signalled = performance.now();
    child!.kill('SIGTERM');
    expect(await main.exited).toBe(1);
    expect(performance.now() - signalled).toBeLessThan(5000);
    expect(await inFlight).toBe('cut');
    expect(main.output()).toMatch(/shutdown grace period passed/);
  }, 30_000);
});

describe('shutdown configuration', () => {
  it('waits 5 s with readiness 503 in production, where a balancer probes it, and not at all elsewhere', () => {
    expect(loadConfig({ NODE_ENV: 'production', CTP_API_URL: 'https://a.example', OCC_BASE_URL: 'https://b.example' }).shutdownDelayMs).toBe(5000);
    expect(loadConfig({}).shutdownDelayMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_DELAY_MS: '250' }).shutdownDelayMs).toBe(250);
  });
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

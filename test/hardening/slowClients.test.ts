import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';

/** Small limits so a slow-loris test takes a second, not the production 10 s / 30 s. */
const HEADERS_MS = 500;
const REQUEST_MS = 1000;
const KEEP_ALIVE_MS = 300;
const MAX_CONNECTIONS = 4;
/** Generous: the machine is shared, and Node checks the header/request deadlines on an interval. */
const SLACK_MS = 1500;

let stack: StubStack;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  stack = await startStubStack({
    HEADERS_TIMEOUT_MS: String(HEADERS_MS),
    REQUEST_TIMEOUT_MS: String(REQUEST_MS),
    KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
    MAX_CONNECTIONS: String(MAX_CONNECTIONS),
  });
  port = Number(new URL(stack.origin).port);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await stack.close();
});

interface Ended {
  ms: number;
  received: string;
}

/** A raw TCP client; `ended` resolves when the server closes the socket, or rejects after `failAfterMs`. */
async function rawClient(failAfterMs: number): Promise<{ socket: Socket; ended: Promise<Ended> }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const opened = performance.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const ended = new Promise<Ended>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server still held the socket after ${failAfterMs} ms; received: ${JSON.stringify(received)}`)), failAfterMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - opened, received });
    });
  });
  return { socket, ended };
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('slow clients', () => {
  it('cuts a client that sends its headers one byte at a time once HEADERS_TIMEOUT_MS passes (408)', async () => {
    const { socket, ended } = await rawClient(HEADERS_MS + SLACK_MS * 2);
    trickle(socket, `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Filler: ${'a'.repeat(200)}\r\n\r\n`, 50);
    const { ms, received } = await ended;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(ms).toBeLessThan(HEADERS_MS + SLACK_MS);
  });

  it('cuts a client that connects and sends nothing at the same deadline', async () => {
    const { ended } = await rawClient(HEADERS_MS + SLACK_MS * 2);
    const { ms, received } = await ended;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(HEADERS_MS + SLACK_MS);
  });

  it('cuts a client that trickles its body once REQUEST_TIMEOUT_MS passes; its operation never runs', async () => {
    const body = JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(100) });
    const { socket, ended } = await rawClient(REQUEST_MS + SLACK_MS * 2);
    socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    trickle(socket, body, 50);
    const { ms, received } = await ended;
    expect(received).not.toMatch(/__typename|"data"/);
    expect(ms).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(ms).toBeLessThan(REQUEST_MS + SLACK_MS);
  });

  it('takes a client that leaves mid-body as no fault of its own: no error line, and the gateway keeps serving', async () => {
    const before = stack.logs.length;
    // The gateway's side of this connection: the check below waits until the gateway itself has seen it close.
    const serverSideClosed = new Promise<void>((resolve) => stack.gateway.httpServer.once('connection', (server) => server.once('close', () => resolve())));
    const { socket, ended } = await rawClient(SLACK_MS * 2);
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await ended;
    await serverSideClosed;
    const res = await stack.gql('{ __typename }');
    expect(res.body.data).toEqual({ __typename: 'Query' });
    const errors = stack.logs.slice(before).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });

  it('closes an idle keep-alive connection after KEEP_ALIVE_TIMEOUT_MS', async () => {
    // Node waits 1 s past the timeout it announces, so a client reusing the socket at the last moment is not cut.
    const closesAfterMs = KEEP_ALIVE_MS + 1000;
    const { socket, ended } = await rawClient(closesAfterMs + SLACK_MS * 2);
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const { ms, received } = await ended;
    expect(received).toMatch(/^HTTP\/1\.1 200 [\s\S]*keep-alive[\s\S]*\{"status":"ok"\}$/i);
    expect(ms).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 50);
    expect(ms).toBeLessThan(closesAfterMs + SLACK_MS);
  });

  it('accepts at most MAX_CONNECTIONS sockets at once; the next is closed at once, and served again once one leaves', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => rawClient(30_000)));
    // Each holder proves the server took it: a complete request, answered over the kept-alive socket.
    for (const { socket } of held) socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    for (const { socket } of held) await new Promise((resolve) => socket.once('data', resolve));
    for (const { socket } of held) trickle(socket, 'GET /healthz HTTP/1.1\r\n', 50); // keeps the socket busy, not idle

    const extra = await rawClient(SLACK_MS * 2);
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect((await extra.ended).received).toBe('');

    held[0]!.socket.destroy();
    await held[0]!.ended;
    let status = 0;
    for (let tries = 0; tries < 20 && status !== 200; tries++) {
      status = await fetch(`${stack.origin}/healthz`, { headers: { connection: 'close' } }).then((res) => res.status, () => 0);
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
  });
});

describe('slow-client configuration', () => {
  it('has tight defaults and refuses a request timeout shorter than the headers timeout', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5000, maxConnections: 1000 });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '4000' })).toThrowError(/REQUEST_TIMEOUT_MS/);
  });
});

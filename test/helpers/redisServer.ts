import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './freePort.ts';

/** A real redis-server of the test's own, on a free loopback port, with nothing persisted. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** The running server's process id (undefined while stopped). */
  readonly pid: number | undefined;
  /** Stops the server (as an outage would): clients see their connections drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

export const REDIS_MISSING =
  'These tests need a Redis server. Install Debian\'s redis-server (`apt-get install redis-server`; the tests start their own on a free port) or set REDIS_URL=redis://host:port to use a running one.';

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
        stdio: 'ignore',
      });
      const failed = new Promise<never>((_resolve, reject) => {
        child!.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'ENOENT' ? REDIS_MISSING : `redis-server failed: ${error.message}`)));
        child!.once('exit', (code) => reject(new Error(`redis-server exited with code ${code} before answering. ${REDIS_MISSING}`)));
      });
      await Promise.race([waitForPong(port, 10_000), failed]);
      child.removeAllListeners('exit');
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}

/** Resolves once `PING` is answered `+PONG` on the port. */
export async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`No Redis answered PING on 127.0.0.1:${port} within ${timeoutMs} ms. ${REDIS_MISSING}`);
}

export function pings(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

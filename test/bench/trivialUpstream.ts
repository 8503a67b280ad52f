/**
 * BENCH_UPSTREAM=trivial: a commercetools stand-in that answers every request with one fixed payment page
 * (TRIVIAL_BODY, taken from the emulator at start) in microseconds, so the floor and the gateway are bound by
 * their own CPU, not by the emulator. Bench-only child process; prints `BENCH_READY <json>` when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from(process.env.TRIVIAL_BODY ?? '');
if (body.length === 0) throw new Error('TRIVIAL_BODY is required');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  // The request body (none for GET) is not read: the answer never depends on it.
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`BENCH_READY ${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

/**
 * The floor: the least any Node GraphQL gateway must do for `myPayment(id)` — accept an HTTP request, make the
 * same commercetools call through an undici pool, parse the JSON and send `{"data": …}` back. No GraphQL at all.
 * FLOOR_CLIENT=request (default) uses undici's `request()`, as a hand-written proxy would; `dispatch` uses the
 * handler API the gateway itself uses (src/upstreams/http/dispatchOnce.ts), the stricter floor.
 * Bench-only child process; prints `BENCH_READY <json>` when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { dispatchOnce } from '../../src/upstreams/http/dispatchOnce.ts';

const apiUrl = process.env.FLOOR_UPSTREAM_URL ?? '';
const projectKey = process.env.FLOOR_PROJECT_KEY ?? '';
if (apiUrl === '' || projectKey === '') throw new Error('FLOOR_UPSTREAM_URL and FLOOR_PROJECT_KEY are required');

// Same pool settings as the gateway's commercetools dispatcher, so only the GraphQL layer differs.
const dispatcher = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
const prefix = `${apiUrl}/${encodeURIComponent(projectKey)}/me/payments`;

const { origin, pathname } = new URL(prefix);
const fetchText =
  process.env.FLOOR_CLIENT === 'dispatch'
    ? async (search: string, headers: Record<string, string>) => (await dispatchOnce(dispatcher, { origin, path: pathname + search, method: 'GET', headers })).text
    : async (search: string, headers: Record<string, string>) => (await request(prefix + search, { method: 'GET', dispatcher, headers })).body.text();

const server = createServer((req, res) => {
  const id = new URL(req.url ?? '/', 'http://floor.local').searchParams.get('id') ?? '';
  // Byte for byte the query string the gateway's loader sends for a single id.
  const search = new URLSearchParams({ where: 'id in :ids', 'var.ids': id, limit: '1', offset: '0', withTotal: 'false' });
  const headers = { authorization: req.headers.authorization ?? '', accept: 'application/json', 'x-correlation-id': 'floor' };
  fetchText(`?${search}`, headers)
    .then((text) => {
      const page = JSON.parse(text) as { results?: unknown[] };
      const body = JSON.stringify({ data: { myPayment: page.results?.[0] ?? null } });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    })
    .catch(() => {
      res.statusCode = 502;
      res.end();
    });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`BENCH_READY ${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StubHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A real `node:http` upstream on 127.0.0.1:0 whose behaviour a test swaps at will, counting calls and sockets. */
export interface StubUpstream {
  readonly url: string;
  /** Requests received so far (reset with `calls.length = 0`). */
  readonly calls: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  handler: StubHandler;
  openConnections(): number;
  close(): Promise<void>;
}

export async function startStubUpstream(handler: StubHandler = faults.json(200, { results: [], total: 0 })): Promise<StubUpstream> {
  const sockets = new Set<Socket>();
  const stub: StubUpstream = {
    url: '',
    calls: [],
    handler,
    openConnections: () => sockets.size,
    async close() {
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    stub.calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => stub.handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  (stub as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

/** The misbehaviours the gateway must survive. */
export const faults = {
  json: (status: number, body: unknown, headers: Record<string, string> = {}): StubHandler => (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  },
  /** Accepts the request and never answers. */
  hang: (): StubHandler => () => undefined,
  /** Drops the connection without a response (ECONNRESET / "other side closed"). */
  reset: (): StubHandler => (req) => req.socket.destroy(),
  html: (status: number, headers: Record<string, string> = {}): StubHandler => (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx at 10.0.0.12:8080</p></body></html>');
  },
  /** 200 whose JSON stops halfway, and the connection ends cleanly (no content-length). */
  truncated: (): StubHandler => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end('{"limit":20,"offset":0,"count":1,"results":[{"id":"a');
  },
  /** 200 with a content-length larger than what is sent, then the socket is cut. */
  cutMidBody: (): StubHandler => (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
    res.write('{"limit":20,"offset":0,"results":[');
    setTimeout(() => req.socket.destroy(), 10);
  },
  /** Valid JSON, wrong shape. */
  wrongShape: (): StubHandler => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"results":"nope","unexpected":true}');
  },
  /** Headers at once, then one byte every `everyMs`: never silent long enough for a body timeout. */
  trickle: (everyMs: number): StubHandler => (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write(' '), everyMs);
    req.socket.once('close', () => clearInterval(timer));
  },
  /** Answers after `ms` with an empty page. */
  slow: (ms: number, body: unknown = { limit: 20, offset: 0, count: 0, total: 0, results: [] }): StubHandler => (req, res) => {
    const timer = setTimeout(() => faults.json(200, body)(req, res, ''), ms);
    req.socket.once('close', () => clearTimeout(timer));
  },
};

/** A page of one well-formed commercetools payment, enough for the resolvers. */
export function paymentPage(ids: string[]): unknown {
  return {
    limit: ids.length,
    offset: 0,
    count: ids.length,
    total: ids.length,
    results: ids.map((id) => ({
      id,
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      lastModifiedAt: '2026-01-01T00:00:00.000Z',
      amountPlanned: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 1000, fractionDigits: 2 },
      paymentMethodInfo: {},
      transactions: [],
    })),
  };
}

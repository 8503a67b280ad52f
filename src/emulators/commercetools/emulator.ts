import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'lossless-json';
import { RequestHistory } from '../requestHistory.ts';
import { handlePaymentsRequest } from './api.ts';
import { CtAuth } from './auth.ts';
import { demoSecret, demoUuid } from '../demoSeed.ts';
import { CtError, methodNotAllowed, pathNotFound } from './errors.ts';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemoPayments } from './seed.ts';
import { PaymentStore } from './store.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CommercetoolsEmulatorOptions {
  host?: string;
  port?: number;
  projectKey?: string;
  seed?: boolean;
  /** Derive the demo customer's and session's ids and tokens, and the seeded payment ids, from this seed (stable across restarts); random without it. */
  demoSeed?: string;
  /** How many of the latest `/me/payments*` requests to keep for `requests` (default 0: none, as for `npm start`). */
  history?: number;
}

export interface CommercetoolsEmulator {
  apiUrl: string;
  authUrl: string;
  projectKey: string;
  clientId: string;
  clientSecret: string;
  demo: {
    email: string;
    password: string;
    customerId: string;
    customerToken: string;
    anonymousId: string;
    anonymousToken: string;
    /** The demo customer's seeded payments, in creation order (empty with `seed: false`). */
    paymentIds: string[];
  };
  /** The latest `history` requests to `/{projectKey}/me/payments*`, oldest first; throws when started without `history`. */
  readonly requests: readonly RecordedRequest[];
  /** How many `/{projectKey}/me/payments*` requests it has served since start, whether `history` kept them or not. */
  readonly requestCount: number;
  /** How many `POST /oauth/introspect` calls with valid client credentials it has answered. */
  readonly introspectionCount: number;
  createCustomerToken(): Promise<{ customerId: string; token: string }>;
  createAnonymousToken(): Promise<{ anonymousId: string; token: string }>;
  /** Stores drafts as a customer's payments without HTTP (validated like `POST`): thousands in milliseconds, for tests. */
  seedPayments(customerId: string, drafts: readonly unknown[]): string[];
  close(): Promise<void>;
}

/** Starts an in-process commercetools API + auth server that behaves like the My Payments reference. */
export async function startCommercetoolsEmulator(options: CommercetoolsEmulatorOptions = {}): Promise<CommercetoolsEmulator> {
  const host = options.host ?? '127.0.0.1';
  const projectKey = options.projectKey ?? 'demo-payments';
  const store = new PaymentStore();
  const demoSeed = options.demoSeed;
  const auth = new CtAuth(projectKey, Date.now, demoSeed);
  const history = new RequestHistory<RecordedRequest>(options.history ?? 0, 'commercetools');

  const derivedUuid = (purpose: string) => (demoSeed === undefined ? randomUUID() : demoUuid(demoSeed, purpose));
  const fixedTokens = (purpose: string) =>
    demoSeed === undefined ? undefined : { access: demoSecret(demoSeed, `ct:${purpose}:access`), refresh: demoSecret(demoSeed, `ct:${purpose}:refresh`) };
  const customerId = auth.registerCustomer(DEMO_EMAIL, DEMO_PASSWORD, derivedUuid('ct:customer'));
  const anonymousId = derivedUuid('ct:anonymous');
  const customer = { kind: 'customer', id: customerId } as const;
  const anonymous = { kind: 'anonymous', id: anonymousId } as const;
  const paymentIds = options.seed ?? true ? seedDemoPayments(store, customer, anonymous, demoSeed === undefined ? undefined : (i) => demoUuid(demoSeed, `ct:payment:${i}`)) : [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      respond(req, res, () => route(req, body));
    });
  });

  const paymentsPrefix = `/${projectKey}/me/payments`;

  function route(req: IncomingMessage, body: string): { status: number; body?: unknown } {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path.startsWith('/oauth/')) {
      if (method !== 'POST') throw methodNotAllowed(method);
      if (path === '/oauth/introspect') return { status: 200, body: auth.introspect(req.headers.authorization, new URLSearchParams(body)) };
      const token = auth.tokenEndpoint(path, req.headers.authorization, new URLSearchParams(body));
      if (!token) throw pathNotFound(path);
      return { status: 200, body: token };
    }
    if (path !== paymentsPrefix && !path.startsWith(`${paymentsPrefix}/`)) throw pathNotFound(path);
    history.record(() => ({ method, path, query: url.searchParams, authorization: req.headers.authorization, headers: { ...req.headers }, body }));
    const rest = path.slice(paymentsPrefix.length).split('/').slice(1).map((s) => decodeSegment(s, path));
    return handlePaymentsRequest(store, auth, { method, rest, path, query: url.searchParams, authorization: req.headers.authorization, body });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    apiUrl: baseUrl,
    authUrl: baseUrl,
    projectKey,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    demo: {
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      customerId,
      customerToken: auth.issue(customer, fixedTokens('customer')).access_token,
      anonymousId,
      anonymousToken: auth.issue(anonymous, fixedTokens('anonymous')).access_token,
      paymentIds,
    },
    get requests() {
      return history.entries();
    },
    get requestCount() {
      return history.total;
    },
    get introspectionCount() {
      return auth.introspections;
    },
    async createCustomerToken() {
      const id = auth.registerCustomer(`customer-${randomUUID()}@example.com`, randomBytes(12).toString('base64url'));
      return { customerId: id, token: auth.issue({ kind: 'customer', id }).access_token };
    },
    async createAnonymousToken() {
      const id = randomUUID();
      return { anonymousId: id, token: auth.issue({ kind: 'anonymous', id }).access_token };
    },
    seedPayments(customerId, drafts) {
      const owner = { kind: 'customer', id: customerId } as const;
      return drafts.map((draft) => store.create(owner, draft).id);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function decodeSegment(segment: string, path: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw pathNotFound(path);
  }
}

/** Writes the handler's result, or its CtError as the documented body; HEAD answers never carry a body. */
function respond(req: IncomingMessage, res: ServerResponse, handler: () => { status: number; body?: unknown }): void {
  let status: number;
  let body: unknown;
  try {
    ({ status, body } = handler());
  } catch (error) {
    const ctError = error instanceof CtError ? error : new CtError(500, 'General', 'Internal emulator error.');
    status = ctError.statusCode;
    body = ctError.toBody();
    if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  }
  if (body === undefined || req.method === 'HEAD') {
    res.writeHead(status).end();
    return;
  }
  const text = stringify(body) ?? 'null';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, stringify } from 'lossless-json';
import { RequestHistory } from '../requestHistory.ts';
import { bearerToken, OccTokenStore } from './auth.ts';
import { OCC_TEST_CARDS } from './cards.ts';
import { invalidInput, OCC_ERROR_CODES, OccEmulatorError, unauthorized } from './errors.ts';
import { addPayments, orderView, type OccEmulatorState } from './payments.ts';
import { demoSecret } from '../demoSeed.ts';
import { recordedBody } from './recordedBody.ts';
import { DEMO_AGENT, DEMO_ORDER, seedGiftCards, seedOrders } from './seed.ts';

export interface OccEmulatorOptions {
  host?: string;
  port?: number;
  /** Seed the demo orders and gift cards (default true). */
  seed?: boolean;
  /** Lifetime of login tokens (default 900, like real user tokens). */
  tokenTtlSeconds?: number;
  /** Derive the standing demo agent token from this seed (stable across restarts); random without it. */
  demoSeed?: string;
  /** How many of the latest requests to keep for `requests` (default 0: none, as for `npm start`). */
  history?: number;
}

export interface OccRecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Card and gift card numbers masked to the last four digits; CVVs, PINs and passwords as `***` (see recordedBody.ts). */
  body: string;
}

export interface OccEmulator {
  /** `http://127.0.0.1:PORT`; the endpoints are under `/ccagent/v1/`. */
  baseUrl: string;
  demo: { username: string; password: string; agentToken: string; orderId: 'o80413'; profileId: '170309' };
  /** Luhn-valid numbers that make a call fail with 51173, 51174 and 51175. */
  testCards: { processingError: string; declined: string; completionError: string };
  /** The latest `history` requests, oldest first, without card data; throws when started without `history`. */
  readonly requests: readonly OccRecordedRequest[];
  login(): Promise<string>;
  close(): Promise<void>;
}

const PREFIX = '/ccagent/v1';

/** An in-process stand-in for the Oracle Commerce agent API, on 127.0.0.1 only by default. */
export async function startOccEmulator(options: OccEmulatorOptions = {}): Promise<OccEmulator> {
  const seed = options.seed ?? true;
  const tokens = new OccTokenStore(options.tokenTtlSeconds ?? 900);
  let groupSequence = 50414;
  const state: OccEmulatorState = {
    orders: seed ? seedOrders() : new Map(),
    giftCards: seed ? seedGiftCards() : new Map(),
    nextGroupId: () => `pg${groupSequence++}`,
  };
  const history = new RequestHistory<OccRecordedRequest>(options.history ?? 0, 'Oracle Commerce');
  let baseUrl = '';

  const server = createServer((req, res) => {
    readText(req)
      .then((body) => {
        history.record(() => ({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers }, body: recordedBody(body, req.headers['content-type']) }));
        return route(req, body);
      })
      .then((answer) => send(res, answer.status, answer.body))
      .catch((error: unknown) => {
        const occError = error instanceof OccEmulatorError ? error : new OccEmulatorError(500, '99500', 'Internal error.');
        send(res, occError.status, occError.toBody(baseUrl + (req.url ?? '')));
      });
  });

  async function route(req: IncomingMessage, body: string): Promise<{ status: number; body: unknown }> {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const method = req.method ?? 'GET';
    if (path === `${PREFIX}/login`) {
      allow(method, 'POST');
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'password') throw invalidInput('grant_type must be password.', 'grant_type');
      if (form.get('username') !== DEMO_AGENT.username || form.get('password') !== DEMO_AGENT.password) throw unauthorized();
      return { status: 200, body: tokens.issue() };
    }
    if (!tokens.isValid(bearerToken(req.headers.authorization))) throw unauthorized();
    if (path === `${PREFIX}/refresh`) {
      allow(method, 'POST');
      return { status: 200, body: tokens.issue() };
    }
    if (path === `${PREFIX}/payment`) {
      allow(method, 'POST');
      return { status: 200, body: addPayments(parseJson(body), state, baseUrl + path) };
    }
    const orderMatch = /^\/ccagent\/v1\/orders\/([^/]+)$/.exec(path);
    if (orderMatch?.[1] !== undefined) {
      allow(method, 'GET');
      const id = decodeURIComponent(orderMatch[1]);
      const order = state.orders.get(id);
      if (order === undefined) throw new OccEmulatorError(404, OCC_ERROR_CODES.notFound, `No order with ID ${id} was found.`);
      return { status: 200, body: orderView(order) };
    }
    throw new OccEmulatorError(404, OCC_ERROR_CODES.notFound, 'No such endpoint.');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    baseUrl,
    demo: { ...DEMO_AGENT, agentToken: tokens.issueStanding(options.demoSeed === undefined ? undefined : demoSecret(options.demoSeed, 'occ:agent')), ...DEMO_ORDER },
    testCards: { ...OCC_TEST_CARDS },
    get requests() {
      return history.entries();
    },
    async login() {
      return tokens.issue().access_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw new OccEmulatorError(405, OCC_ERROR_CODES.methodNotAllowed, `Use ${expected} for this endpoint.`);
}

/** lossless-json keeps every number's exact text: amounts never pass through a double. */
function parseJson(text: string): unknown {
  try {
    return parse(text);
  } catch {
    throw invalidInput('The request body is not valid JSON.');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(stringify(body) ?? 'null');
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

import { parse } from 'lossless-json';
import type { CtAuth } from './auth.ts';
import { invalidInput, invalidJsonInput, methodNotAllowed, pathNotFound } from './errors.ts';
import { parseWhere } from './predicates.ts';
import { parseSort } from './sort.ts';
import type { PaymentQuery, PaymentStore } from './store.ts';

export interface ApiRequest {
  method: string;
  /** Path segments after `/{projectKey}/me/payments`: `[]` or `[id]`. */
  rest: string[];
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

export interface ApiResponse { status: number; body?: unknown }

/** The seven My Payments endpoints, independent of node:http so the routing stays easy to read. */
export function handlePaymentsRequest(store: PaymentStore, auth: CtAuth, req: ApiRequest): ApiResponse {
  const [id, extra] = req.rest;
  if (extra !== undefined || id === '') throw pathNotFound(req.path);
  const owner = auth.authenticate(req.authorization);

  if (id === undefined) {
    switch (req.method) {
      case 'GET':
        return { status: 200, body: store.query(owner, parseQuery(req.query)) };
      case 'HEAD':
        return { status: store.any(owner, parseWhere(req.query.getAll('where'), variables(req.query))) ? 200 : 404 };
      case 'POST':
        return { status: 201, body: store.create(owner, parseJsonBody(req.body)) };
      default:
        throw methodNotAllowed(req.method);
    }
  }
  switch (req.method) {
    case 'GET':
      return { status: 200, body: store.get(owner, id) };
    case 'HEAD':
      return { status: store.exists(owner, id) ? 200 : 404 };
    case 'POST':
      return { status: 200, body: store.update(owner, id, parseJsonBody(req.body)) };
    case 'DELETE':
      return { status: 200, body: store.delete(owner, id, req.query.get('version')) };
    default:
      throw methodNotAllowed(req.method);
  }
}

/** lossless-json keeps every number's digits, so a 64-bit centAmount is not rounded on the way in. */
function parseJsonBody(body: string): unknown {
  if (body.trim() === '') throw invalidJsonInput('The request body is empty.');
  try {
    return parse(body);
  } catch (error) {
    throw invalidJsonInput(error instanceof Error ? error.message : String(error));
  }
}

function parseQuery(query: URLSearchParams): PaymentQuery {
  return {
    where: parseWhere(query.getAll('where'), variables(query)),
    order: parseSort(query.getAll('sort')),
    limit: integerParam(query, 'limit', 20, 500),
    offset: integerParam(query, 'offset', 0, 10000),
    withTotal: booleanParam(query, 'withTotal', true),
  };
}

/** `var.<name>` parameters; a repeated one becomes a list (for `in :name`). */
function variables(query: URLSearchParams): Map<string, string[]> {
  const vars = new Map<string, string[]>();
  for (const [key, value] of query) {
    const match = /^var\.([a-zA-Z0-9]+)$/.exec(key);
    if (match?.[1]) vars.set(match[1], [...(vars.get(match[1]) ?? []), value]);
  }
  return vars;
}

function integerParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 0 && value <= max)) {
    throw invalidInput(`Malformed parameter: ${name}: '${raw}' is not an integer between 0 and ${max}.`);
  }
  return value;
}

function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (raw !== 'true' && raw !== 'false') throw invalidInput(`Malformed parameter: ${name}: '${raw}' is not a boolean.`);
  return raw === 'true';
}

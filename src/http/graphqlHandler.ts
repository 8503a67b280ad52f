import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { FastPath } from '../fastpath/fastPath.ts';
import { BodyTooLargeError, readBody } from './readBody.ts';

export interface GraphqlHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  bodyLimitBytes: number;
  createContext(req: IncomingMessage, requestId: string): Promise<GatewayContext>;
  /** Known-valid operations skip Apollo's pipeline; everything else (and every first sighting) goes to Apollo. */
  fastPath?: FastPath | undefined;
}

/** Bridges node:http to Apollo Server without a web framework: less per-request work than Express. */
export function createGraphqlHandler(options: GraphqlHandlerOptions) {
  return async function handleGraphql(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, options.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJsonError(res, 413, 'BAD_REQUEST', `Request body is larger than ${error.limit} bytes.`, requestId);
        throw error;
      }
      body = parseJsonBody(req, text);
      if (body === INVALID_JSON) return sendJsonError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON.', requestId);
      if (options.fastPath !== undefined && (await options.fastPath(req, res, requestId, body))) return;
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: queryStart === -1 ? '' : url.slice(queryStart), body },
      context: () => options.createContext(req, requestId),
    });

    for (const [name, value] of result.headers) res.setHeader(name, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

const INVALID_JSON = Symbol('invalid JSON');

function parseJsonBody(req: IncomingMessage, text: string): unknown {
  const type = req.headers['content-type'] ?? '';
  // Non-JSON bodies go to Apollo as text, which rejects them with its usual 400 (and CSRF rules).
  if (!type.includes('json')) return text;
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}

export function sendJsonError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}

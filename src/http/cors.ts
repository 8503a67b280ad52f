import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a browser may send on cross-origin requests; the request id comes back readable. */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const FALLBACK_ALLOWED_HEADERS = 'content-type, authorization, x-occ-authorization, x-request-id, apollo-require-preflight';
const SAFE_HEADER_LIST = /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/;
/** A front end's dev server on this machine, any port (Vite, Next.js, webpack-dev-server, …). */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export interface CorsOptions {
  /** Also allow `http(s)://localhost:*`, `127.0.0.1:*` and `[::1]:*` (outside production, with no configuration). */
  loopbackOrigins?: boolean;
}

export type Cors = (req: IncomingMessage, res: ServerResponse) => 'preflight' | 'continue';

/**
 * CORS for the GraphQL endpoint: only listed origins (`*` for any) get the Access-Control headers, and
 * preflight OPTIONS requests are answered here with 204. Other origins get no CORS headers, so browsers block them.
 */
export function createCors(origins: readonly string[], options: CorsOptions = {}): Cors {
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  const loopback = options.loopbackOrigins === true;
  return function applyCors(req, res) {
    const origin = req.headers.origin;
    const permitted = origin !== undefined && (anyOrigin || allowed.has(origin) || (loopback && LOOPBACK_ORIGIN.test(origin)));
    if (origin !== undefined) res.setHeader('vary', 'Origin');
    if (permitted) {
      res.setHeader('access-control-allow-origin', origin);
      // What a browser app must read besides the body: the request id, a replay, how long a refusal lasts.
      res.setHeader('access-control-expose-headers', 'x-request-id, idempotent-replayed, retry-after');
    }
    if (req.method !== 'OPTIONS') return 'continue';
    if (permitted) {
      const requested = req.headers['access-control-request-headers'];
      res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
      res.setHeader('access-control-allow-headers', requested && SAFE_HEADER_LIST.test(requested) ? requested : FALLBACK_ALLOWED_HEADERS);
      res.setHeader('access-control-max-age', '600');
    }
    res.statusCode = 204;
    res.end();
    return 'preflight';
  };
}

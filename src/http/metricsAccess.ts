import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../observability/logger.ts';

/** `allowed`, `unauthenticated` (a token is configured and was not sent), or `closed` (no token, not public). */
export type MetricsAccess = 'allowed' | 'unauthenticated' | 'closed';

export interface MetricsAccessOptions {
  token: string | undefined;
  /** Without a token: true answers anyone, false closes the endpoint (the production default). */
  public: boolean;
  production: boolean;
}

/**
 * Who may read `/metrics`: with a token, only `Authorization: Bearer <token>`; without one, anyone when public,
 * nobody otherwise. Both sides are hashed first so the comparison takes the same time whatever was sent.
 */
export function createMetricsAccess(options: MetricsAccessOptions, logger: Logger): (req: IncomingMessage) => MetricsAccess {
  if (options.token === undefined) {
    if (!options.public) {
      logger.info('/metrics is closed: set METRICS_TOKEN for scrapers to send as a bearer token (or METRICS_PUBLIC=true)');
      return () => 'closed';
    }
    if (options.production) logger.warn('METRICS_PUBLIC=true: /metrics answers anyone who can reach this port');
    return () => 'allowed';
  }
  const expected = digest(`Bearer ${options.token}`);
  return (req) => {
    const header = req.headers.authorization;
    return header !== undefined && timingSafeEqual(digest(header.trim()), expected) ? 'allowed' : 'unauthenticated';
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

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
      // Worded so the log's credential masking leaves it whole ("bearer <word>" reads as a credential to it).
      logger.info('/metrics is closed: set METRICS_TOKEN, which scrapers then send in their Authorization header (or METRICS_PUBLIC=true)');
      return () => 'closed';
    }
    if (options.production) logger.warn('METRICS_PUBLIC=true: /metrics answers anyone who can reach this port');
    return () => 'allowed';
  }
  const expected = digest(`Bearer ${options.token}`);
  return (req) => {
    // The scheme is case-insensitive (`bearer …` too); the token is compared as sent.
    const header = req.headers.authorization?.trim().replace(/^bearer /i, 'Bearer ');
    return header !== undefined && timingSafeEqual(digest(header), expected) ? 'allowed' : 'unauthenticated';
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may read `/metrics`: anyone when no token is configured, otherwise only `Authorization: Bearer <token>`.
 * Both sides are hashed first so the comparison takes the same time whatever the length or content sent.
 */
export function createMetricsAccess(token: string | undefined): (req: IncomingMessage) => boolean {
  if (token === undefined) return () => true;
  const expected = digest(`Bearer ${token}`);
  return (req) => {
    const header = req.headers.authorization;
    return header !== undefined && timingSafeEqual(digest(header.trim()), expected);
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from. Behind `trustedProxies` proxies (TRUST_PROXY), it is the one the farthest
 * trusted proxy saw: counted from the right of X-Forwarded-For, since anything to its left is the client's own claim.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies] ?? hops[0] ?? socketAddress;
}

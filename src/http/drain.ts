import type { Server } from 'node:http';

export interface Drain {
  readonly draining: boolean;
  /** Stops accepting, lets in-flight requests finish within `graceMs`, then cuts what is left. True if all finished. */
  drain(graceMs: number): Promise<boolean>;
}

/** Counts requests in flight so a shutdown can wait for exactly those, and no longer than the grace period. */
export function trackInFlight(server: Server): Drain {
  let inFlight = 0;
  let draining = false;
  let onIdle: (() => void) | undefined;

  // Prepended so it runs before the request handler, while headers can still be set.
  server.prependListener('request', (_req, res) => {
    inFlight += 1;
    // While draining, keep-alive sockets are closed after their response so clients reconnect elsewhere.
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (draining) server.closeIdleConnections();
      if (inFlight === 0) onIdle?.();
    });
  });

  return {
    get draining() {
      return draining;
    },
    async drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve));
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        idle.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
      return finished;
    },
  };
}

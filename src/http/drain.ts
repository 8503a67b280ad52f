import type { Server } from 'node:http';

export interface Drain {
  /** True from the first step of a shutdown on: readiness answers 503 while the server still serves. */
  readonly draining: boolean;
  /**
   * The shutdown sequence. Readiness turns 503 at once; for `delayMs` the server keeps accepting and serving, so a
   * balancer learns of the shutdown from its probe rather than from refused connections. Then it stops accepting,
   * gives in-flight requests `graceMs` to finish and cuts what is left. True if nothing had to be cut.
   */
  drain(delayMs: number, graceMs: number): Promise<boolean>;
}

/** Counts requests in flight so a shutdown can wait for exactly those, and no longer than the grace period. */
export function trackInFlight(server: Server): Drain {
  let inFlight = 0;
  let draining = false;
  let accepting = true;
  let onIdle: (() => void) | undefined;

  // Prepended so it runs before the request handler, while headers can still be set.
  server.prependListener('request', (_req, res) => {
    inFlight += 1;
    // Once the listener is closed, keep-alive sockets are closed after their response so clients reconnect elsewhere.
    if (!accepting) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (!accepting) server.closeIdleConnections();
      if (inFlight === 0) onIdle?.();
    });
  });

  return {
    get draining() {
      return draining;
    },
    async drain(delayMs, graceMs) {
      draining = true;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      accepting = false;
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

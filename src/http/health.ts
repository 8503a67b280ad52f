import type { ServerResponse } from 'node:http';

/** What readiness depends on; read on each probe, never cached. */
export interface ReadinessSources {
  isDraining(): boolean;
  /** Upstreams whose circuit is open and still cooling down. */
  openCircuits(): string[];
  /**
   * Shared stores and their state. A store that is down does not make the instance unready: only keyed mutations
   * depend on it (they fail closed), and every instance shares it, so routing elsewhere would not help.
   */
  stores?(): Record<string, string>;
}

/** `GET /healthz`: the process serves HTTP. Liveness never depends on upstreams, or a restart loop would follow. */
export function sendLiveness(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

/**
 * `GET /readyz`: 503 only while draining, so a balancer routes elsewhere. An open upstream circuit is reported
 * (`degraded`) but keeps the instance ready: an upstream outage opens every instance's circuit, and unready they
 * would leave the balancer nothing, not even for the operations the other upstream serves.
 */
export function sendReadiness(res: ServerResponse, sources: ReadinessSources): void {
  const stores = sources.stores?.() ?? {};
  const withStores = (body: Record<string, unknown>) => (Object.keys(stores).length > 0 ? { ...body, stores } : body);
  if (sources.isDraining()) return sendJson(res, 503, withStores({ status: 'draining' }));
  const open = sources.openCircuits();
  if (open.length > 0) return sendJson(res, 200, withStores({ status: 'degraded', openCircuits: open }));
  sendJson(res, 200, withStores({ status: 'ready' }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

import type { ServerResponse } from 'node:http';

/** What readiness depends on; read on each probe, never cached. */
export interface ReadinessSources {
  isDraining(): boolean;
  /** Upstreams whose circuit is open and still cooling down. */
  openCircuits(): string[];
}

/** `GET /healthz`: the process serves HTTP. Liveness never depends on upstreams, or a restart loop would follow. */
export function sendLiveness(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

/** `GET /readyz`: 503 while draining or while any upstream circuit is open, so a balancer routes elsewhere. */
export function sendReadiness(res: ServerResponse, sources: ReadinessSources): void {
  if (sources.isDraining()) return sendJson(res, 503, { status: 'draining' });
  const open = sources.openCircuits();
  if (open.length > 0) return sendJson(res, 503, { status: 'degraded', openCircuits: open });
  sendJson(res, 200, { status: 'ready' });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

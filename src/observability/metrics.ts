import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Reads one breaker's state at scrape time: 0 closed, 1 open, 2 half-open, 3 isolated (cockatiel's CircuitState). */
export type BreakerStateReader = () => number;

/**
 * Every Prometheus metric of one gateway, on its own Registry (never prom-client's global one), so several
 * gateways in one test process do not clash. Built once at start-up; requests only increment and observe.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly operations: Counter<'operation' | 'outcome'>;
  readonly errors: Counter<'code'>;
  readonly upstreamLatency: Histogram<'upstream' | 'endpoint' | 'status'>;
  readonly loaderBatchSize: Histogram<'loader'>;
  /** Keyed mutations by what the key did: executed, replayed, reused, in_use, unavailable, released, outcome_unknown. */
  readonly idempotency: Counter<'outcome'>;
  readonly storeLatency: Histogram<'store' | 'operation'>;
  readonly rateLimited: Counter<'limit'>;
  /** Finished sampled spans by what became of them: delivered, failed (the export failed) or dropped (no room to wait). */
  readonly traceSpans: Counter<'outcome'>;
  /** Registers the shared store's state, read at scrape time: 1 up, 0 down. */
  watchStore(store: string, up: () => boolean): void;
  /** Registers an upstream's breaker; its state is read when /metrics is scraped, not on every call. */
  watchBreaker(upstream: string, read: BreakerStateReader): void;
  /** Bounded label for a client-chosen operation name (see operationLabel). */
  operationLabel(name: string | null | undefined): string;
}

/** Client-chosen names would let any caller grow the label set without bound; past this many, they fold into `other`. */
const MAX_OPERATION_NAMES = 200;
/** A GraphQL name, card digits masked (`Pay411111******1111`, see redactName). */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_*]{0,63}$/;

export function createMetrics(options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const breakers = new Map<string, BreakerStateReader>();
  const stores = new Map<string, () => boolean>();
  new Gauge({
    name: 'gateway_store_up',
    help: 'Whether the shared store (Redis) answers: 1 up, 0 down.',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      for (const [store, up] of stores) this.set({ store }, up() ? 1 : 0);
    },
  });
  const seenOperations = new Set<string>();

  new Gauge({
    name: 'gateway_upstream_breaker_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open, 3 isolated.',
    labelNames: ['upstream'],
    registers: [registry],
    collect() {
      for (const [upstream, read] of breakers) this.set({ upstream }, read());
    },
  });

  return {
    registry,
    operations: new Counter({
      name: 'gateway_graphql_operations_total',
      help: 'GraphQL operations by operation name and outcome (success, partial, error).',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'gateway_graphql_errors_total',
      help: 'Errors returned to clients, by extensions.code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    upstreamLatency: new Histogram({
      name: 'gateway_upstream_request_duration_seconds',
      help: 'Upstream HTTP attempts by upstream, endpoint and status (an HTTP status or a failure kind such as timeout).',
      labelNames: ['upstream', 'endpoint', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    loaderBatchSize: new Histogram({
      name: 'gateway_dataloader_batch_size',
      help: 'Keys per DataLoader batch (one upstream call each).',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
      registers: [registry],
    }),
    idempotency: new Counter({
      name: 'gateway_idempotency_requests_total',
      help: 'Mutations sent with an idempotency key, by outcome: executed, replayed, reused (IDEMPOTENCY_KEY_REUSED), in_use, unavailable, released (nothing sent), outcome_unknown.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    storeLatency: new Histogram({
      name: 'gateway_store_duration_seconds',
      help: 'Round trips to the shared store by store and operation.',
      labelNames: ['store', 'operation'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'gateway_rate_limited_total',
      help: 'Requests refused with RATE_LIMITED, by limit.',
      labelNames: ['limit'],
      registers: [registry],
    }),
    traceSpans: new Counter({
      name: 'gateway_trace_spans_total',
      help: 'Finished sampled spans by outcome: delivered to the OTLP collector, failed (its export failed) or dropped (the export queue was full).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    watchStore(store, up) {
      stores.set(store, up);
    },
    watchBreaker(upstream, read) {
      breakers.set(upstream, read);
    },
    operationLabel(name) {
      if (name === null || name === undefined || name === '') return 'anonymous';
      if (!OPERATION_NAME.test(name)) return 'other';
      if (seenOperations.has(name)) return name;
      if (seenOperations.size >= MAX_OPERATION_NAMES) return 'other';
      seenOperations.add(name);
      return name;
    },
  };
}

import type { UpstreamName } from '../../errors/gatewayError.ts';

/**
 * Internal: the upstream answered with a non-2xx status. Holds what the upstream's own `errors.ts` needs to
 * build a public GatewayError; never shown to clients as is.
 */
export class UpstreamHttpError extends Error {
  constructor(
    readonly upstream: UpstreamName,
    readonly status: number,
    readonly bodyText: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${upstream} answered HTTP ${status}`);
    this.name = 'UpstreamHttpError';
  }
}

export type TransportFailure = 'timeout' | 'connect' | 'reset' | 'circuit-open' | 'body';

/** Internal: no usable HTTP answer at all (deadline, refused, reset, open circuit, broken body). */
export class UpstreamTransportError extends Error {
  constructor(
    readonly upstream: UpstreamName,
    readonly failure: TransportFailure,
    options?: { cause?: unknown },
  ) {
    super(`${upstream} transport failure: ${failure}`, options);
    this.name = 'UpstreamTransportError';
  }
}

/** Internal: a 2xx answer whose body is not the documented JSON. */
export class UpstreamBodyError extends Error {
  constructor(
    readonly upstream: UpstreamName,
    readonly status: number,
    reason: string,
  ) {
    super(`${upstream} answered an unexpected body: ${reason}`);
    this.name = 'UpstreamBodyError';
  }
}

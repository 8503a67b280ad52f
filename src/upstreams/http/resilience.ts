import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { UpstreamName } from '../../errors/gatewayError.ts';
import type { Deadline } from './deadline.ts';
import { UpstreamHttpError, UpstreamTransportError } from './upstreamErrors.ts';

export { CircuitState };

export interface ResilienceOptions {
  upstream: UpstreamName;
  /** Extra attempts for GET/HEAD after the first; 0 turns retries off. */
  retries: number;
  /** Consecutive outage-like failures that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit fails fast before one probe call is let through. */
  breakerCooldownMs: number;
}

export interface UpstreamResilience {
  readonly upstream: UpstreamName;
  /** Runs one logical call: every attempt passes the breaker; GET/HEAD attempts that are safe to repeat are retried. */
  run<T>(method: string, deadline: Deadline, attempt: () => Promise<T>): Promise<T>;
  /** Open and still cooling down (after the cool-down the next call probes, so readiness must not wait for traffic). */
  isOpen(): boolean;
  state(): CircuitState;
}

const RETRYABLE_METHODS = new Set(['GET', 'HEAD']);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** No retry is started with less time than this left: it could not finish anyway. */
const MIN_ATTEMPT_MS = 50;
const EXPONENTIAL = new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 });

/** A call's result through the breaker: its value, or an error answer that is no outage (thrown after the breaker). */
type Answered<T> = { value: T } | { answer: unknown };

/** Raised inside the retry loop for failures worth another attempt; unwrapped before leaving `run`. */
class RetryableAttempt extends Error {
  constructor(
    readonly failure: unknown,
    readonly retryAfterMs: number | undefined,
    readonly deadlineAt: number,
  ) {
    super('retryable upstream failure');
  }
}

/** Exponential backoff with decorrelated jitter, replaced by `Retry-After` when given, never past the deadline. */
class DeadlineBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly exponential: IBackoffFactory<unknown> = EXPONENTIAL) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const step = this.exponential.next(context);
    const failure = 'error' in context.result ? context.result.error : undefined;
    let duration = step.duration;
    if (failure instanceof RetryableAttempt) {
      duration = failure.retryAfterMs ?? duration;
      duration = Math.max(0, Math.min(duration, failure.deadlineAt - performance.now() - MIN_ATTEMPT_MS));
    }
    return { duration, next: (ctx) => new DeadlineBackoff(step).next(ctx) };
  }
}

/** Repeating these cannot apply a change twice: only reads, and only failures that say "try again". */
export function isRetryableFailure(error: unknown): boolean {
  if (error instanceof UpstreamHttpError) return RETRYABLE_STATUSES.has(error.status);
  return error instanceof UpstreamTransportError && error.failure === 'reset';
}

/** What says "the upstream is in trouble" (not "the caller asked for something wrong"): counts towards opening. */
export function countsAsOutage(error: unknown): boolean {
  if (error instanceof UpstreamHttpError) return error.status >= 500 || error.status === 429;
  return error instanceof UpstreamTransportError && error.failure !== 'circuit-open';
}

export function createUpstreamResilience(options: ResilienceOptions): UpstreamResilience {
  const breaker = circuitBreaker(handleWhen(countsAsOutage), {
    halfOpenAfter: options.breakerCooldownMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = performance.now();
  });
  const retryPolicy = retry(handleType(RetryableAttempt), { maxAttempts: options.retries, backoff: new DeadlineBackoff() });

  async function throughBreaker<T>(attempt: () => Promise<T>): Promise<T> {
    let outcome: Answered<T>;
    try {
      // An upstream that answers (a 404, a 409) is up: the breaker counts that as a success, which resets its count
      // of failures and closes a half-open circuit fully. cockatiel lets errors it does not handle pass uncounted.
      outcome = await breaker.execute(async () => {
        try {
          return { value: await attempt() };
        } catch (error) {
          if (countsAsOutage(error)) throw error;
          return { answer: error };
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        throw new UpstreamTransportError(options.upstream, 'circuit-open', { cause: error });
      }
      throw error;
    }
    if ('answer' in outcome) throw outcome.answer;
    return outcome.value;
  }

  return {
    upstream: options.upstream,
    async run(method, deadline, attempt) {
      if (options.retries === 0 || !RETRYABLE_METHODS.has(method)) return throughBreaker(attempt);
      try {
        // No signal for cockatiel: DeadlineBackoff never waits past the deadline, and the deadline cuts the attempt in flight.
        return await retryPolicy.execute(async () => {
          try {
            return await throughBreaker(attempt);
          } catch (error) {
            throw worthRetrying(error, deadline) ? new RetryableAttempt(error, retryAfterOf(error), deadline.at) : error;
          }
        });
      } catch (error) {
        throw error instanceof RetryableAttempt ? error.failure : error;
      }
    },
    isOpen() {
      const state = breaker.state;
      if (state === CircuitState.Isolated) return true;
      return state === CircuitState.Open && performance.now() - openedAt < options.breakerCooldownMs;
    },
    state: () => breaker.state,
  };
}

function worthRetrying(error: unknown, deadline: Deadline): boolean {
  if (!isRetryableFailure(error)) return false;
  const left = deadline.at - performance.now() - MIN_ATTEMPT_MS;
  const wait = retryAfterOf(error) ?? 0;
  // A Retry-After beyond the deadline means "not within this call": fail now with the upstream's answer.
  return left > 0 && wait < left;
}

function retryAfterOf(error: unknown): number | undefined {
  return error instanceof UpstreamHttpError ? error.retryAfterMs : undefined;
}

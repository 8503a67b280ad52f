/**
 * The total budget of one logical upstream call, shared by all its attempts: one timer, and the attempt in flight
 * that it cuts when it passes. Not an AbortController: creating its AbortSignal and adding and removing the
 * listener cost about 3 µs a call, a few percent of a whole gateway request.
 */
export class Deadline {
  /** `performance.now()` value at which the call's time is up. */
  readonly at: number;
  /** Set when the deadline passes: what an attempt it cuts fails with (undici reports it as the request's error). */
  reason: Error | undefined;
  private readonly timer: NodeJS.Timeout;
  private cut: ((reason: Error) => void) | undefined;

  constructor(ms: number) {
    this.at = performance.now() + ms;
    // A cleared timer rather than AbortSignal.timeout: under load, thousands of 10 s timers would outlive their calls.
    this.timer = setTimeout(() => this.pass(), ms);
  }

  /** `cut` runs if the deadline passes while this attempt is in flight; `release` once it is over. One at a time. */
  watch(cut: (reason: Error) => void): void {
    this.cut = cut;
  }

  release(): void {
    this.cut = undefined;
  }

  /** The call is over: no timer left behind. */
  clear(): void {
    clearTimeout(this.timer);
    this.cut = undefined;
  }

  private pass(): void {
    const reason = new DOMException('upstream deadline passed', 'TimeoutError');
    this.reason = reason;
    this.cut?.(reason);
    this.cut = undefined;
  }
}

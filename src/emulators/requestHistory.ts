/**
 * The last `limit` requests an emulator received, for tests to inspect. A fixed-size ring, so a long run keeps
 * constant memory; with `limit` 0 (the default, and what `npm start` uses) nothing is built or kept at all.
 */
export class RequestHistory<T> {
  private readonly ring: T[] = [];
  private recorded = 0;

  constructor(
    readonly limit: number,
    private readonly emulator: string,
  ) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`${emulator} history must be a whole number ≥ 0, got ${limit}`);
  }

  /** `entry` is called only when the history is on: a request costs nothing to record when it is off. */
  record(entry: () => T): void {
    this.recorded += 1;
    if (this.limit > 0) this.ring[(this.recorded - 1) % this.limit] = entry();
  }

  /** Requests seen since start, kept or not. */
  get total(): number {
    return this.recorded;
  }

  /** The entries still held, oldest first, as a fresh array. Throws when history is off, saying how to turn it on. */
  entries(): T[] {
    if (this.limit === 0) {
      throw new Error(`The ${this.emulator} emulator keeps no request history: start it with { history: <requests to keep> } to inspect requests.`);
    }
    if (this.recorded <= this.limit) return this.ring.slice();
    const start = this.recorded % this.limit;
    return [...this.ring.slice(start), ...this.ring.slice(0, start)];
  }
}

/**
 * Adaptive concurrency cap (additive increase, multiplicative decrease). Written here rather than
 * with cockatiel's bulkhead because the bulkhead's limit is fixed: Dataverse asks clients to back
 * off when throttled and to "let the server tell you how many requests it can handle" (reference §5.2).
 */
export const DATAVERSE_CONCURRENCY_LIMIT = 52;

export interface LimiterState {
  limit: number;
  max: number;
  inFlight: number;
  queued: number;
}

export class AdaptiveLimiter {
  #limit: number;
  #max: number;
  #inFlight = 0;
  #queue: Array<() => void> = [];
  #successes = 0;
  #started = 0;
  /** Requests started before the last decrease do not decrease it again (one burst, one halving). */
  #lastDecreaseAt = 0;

  constructor(max: number) {
    this.#max = Math.max(1, Math.min(max, DATAVERSE_CONCURRENCY_LIMIT));
    this.#limit = this.#max;
  }

  get state(): LimiterState {
    return { limit: this.#limit, max: this.#max, inFlight: this.#inFlight, queued: this.#queue.length };
  }

  /** Runs `fn` when a slot is free; `fn` gets its ticket for `throttled(ticket)`. */
  async run<T>(fn: (ticket: number) => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.#limit) {
      // The slot is counted by #drain when it wakes us, so no newcomer can overtake.
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else {
      this.#inFlight++;
    }
    const ticket = ++this.#started;
    try {
      return await fn(ticket);
    } finally {
      this.#inFlight--;
      this.#drain();
    }
  }

  /** A 429 (or a server-sent `x-ms-dop-hint` below the limit): halve, at most once per burst. */
  throttled(ticket: number): void {
    if (ticket <= this.#lastDecreaseAt) return;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
    this.#lastDecreaseAt = this.#started;
    this.#successes = 0;
  }

  /** A success: after `limit` of them in a row, one more slot, up to the maximum. */
  succeeded(): void {
    if (this.#limit >= this.#max) return;
    if (++this.#successes >= this.#limit) {
      this.#limit++;
      this.#successes = 0;
      this.#drain();
    }
  }

  /** The server's recommended degree of parallelism caps the maximum. */
  hint(dop: number): void {
    if (!Number.isInteger(dop) || dop < 1) return;
    const max = Math.min(dop, DATAVERSE_CONCURRENCY_LIMIT);
    if (max === this.#max) return;
    this.#max = max;
    if (this.#limit > max) this.#limit = max;
  }

  #drain(): void {
    while (this.#inFlight < this.#limit && this.#queue.length) {
      this.#inFlight++;
      this.#queue.shift()!();
    }
  }
}

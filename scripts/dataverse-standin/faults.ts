/**
 * Fault injection at set rates, changeable at run time: 429 with Retry-After, 503, slow answers,
 * dropped connections, plus a fixed latency on every Web API request (for benchmarks). A seeded
 * generator makes a run repeatable.
 */
export interface FaultSettings {
  /** Added to every Web API request, in ms. */
  latencyMs: number;
  rate429: number;
  retryAfterSeconds: number;
  rate503: number;
  /** Connection destroyed after the work is done, so the client never sees the answer. */
  rateDrop: number;
  rateSlow: number;
  slowMs: number;
  seed: number;
}

export interface Fault {
  kind: 'none' | '429' | '503' | 'drop' | 'slow';
  latencyMs: number;
  retryAfterSeconds: number;
}

const DEFAULTS: FaultSettings = { latencyMs: 0, rate429: 0, retryAfterSeconds: 1, rate503: 0, rateDrop: 0, rateSlow: 0, slowMs: 2000, seed: 42 };

export class FaultInjector {
  #settings: FaultSettings;
  #state: number;

  constructor(initial: Partial<FaultSettings> = {}) {
    this.#settings = { ...DEFAULTS, ...initial };
    this.#state = this.#settings.seed >>> 0;
  }

  get settings(): FaultSettings {
    return { ...this.#settings };
  }

  set(changes: Partial<FaultSettings>): void {
    this.#settings = { ...this.#settings, ...changes };
    if (changes.seed !== undefined) this.#state = changes.seed >>> 0;
  }

  /** mulberry32: small, fast, and good enough to spread faults evenly. */
  #random(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  draw(): Fault {
    const s = this.#settings;
    const r = this.#random();
    let edge = s.rate429;
    const base = { latencyMs: s.latencyMs, retryAfterSeconds: s.retryAfterSeconds };
    if (r < edge) return { kind: '429', ...base };
    if (r < (edge += s.rate503)) return { kind: '503', ...base };
    if (r < (edge += s.rateDrop)) return { kind: 'drop', ...base };
    if (r < (edge += s.rateSlow)) return { kind: 'slow', ...base, latencyMs: s.latencyMs + s.slowMs };
    return { kind: 'none', ...base };
  }
}

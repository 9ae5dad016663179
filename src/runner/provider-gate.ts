/**
 * Admission control for one provider: how many tasks may run at once, how many requests per
 * minute, and whether the provider looks down. Pure and clock-driven: the caller passes the time.
 *
 * - **Concurrency (AIMD)**: the window starts at the configured limit. A refusal for rate or
 *   concurrency (429, Kling 1302/1303) halves it (multiplicative decrease, at least 1) and pauses
 *   submissions for the Retry-After (capped) or a short backoff; each accepted submission grows it
 *   by 1/window (additive increase: about +1 per window of successes), back up to the limit.
 * - **Rates**: token buckets for submissions and for reads (polls, reconciliations) per minute.
 * - **Circuit breakers**, one for submissions and one for reads: `BREAKER_AFTER` server errors or
 *   unanswered requests in a row open it: nothing of that class is sent for a cool-down, then one
 *   probe goes (half-open); an answer closes it, a failure opens it again for twice as long. A
 *   provider that has answered nothing but errors to either class for `downAfterMs` is down: the
 *   run halts it.
 */
export interface ProviderLimits {
  /** Tasks running at once, at most. */
  concurrency: number;
  submitsPerMinute: number;
  pollsPerMinute: number;
  /** How long a provider may answer only errors before the run gives up on it. */
  downAfterMs: number;
}

/** Server errors or unanswered requests in a row that open the breaker. */
export const BREAKER_AFTER = 5;
/** The longest a Retry-After is honoured; a server asking for more is asked again after this. */
export const RETRY_AFTER_CAP_MS = 120_000;

export type BreakerState = "closed" | "open" | "half_open";
export type RequestClass = "submit" | "read";

/**
 * One circuit breaker. Submissions and reads have one each: a provider whose list and status
 * endpoints answer while its create endpoint fails is still down for submissions.
 */
class Breaker {
  state: BreakerState = "closed";
  failuresInRow = 0;
  openUntilMs = 0;
  openings = 0;
  probing = false;
  downSinceMs: number | undefined;
  lastFailure = "";

  answered(): void {
    this.failuresInRow = 0;
    this.downSinceMs = undefined;
    this.state = "closed";
    this.openings = 0;
    this.probing = false;
  }
}

export class ProviderGate {
  readonly limits: ProviderLimits;
  #window: number;
  readonly #pausedUntilMs: Record<RequestClass, number> = { submit: 0, read: 0 };
  #slowDowns = 0;
  readonly #buckets: Record<RequestClass, { tokens: number; atMs: number; perMinute: number }>;
  readonly #breakers: Record<RequestClass, Breaker> = { submit: new Breaker(), read: new Breaker() };

  constructor(limits: ProviderLimits, nowMs: number) {
    this.limits = limits;
    this.#window = Math.max(1, limits.concurrency);
    const bucket = (perMinute: number) => ({ tokens: burstOf(perMinute), atMs: nowMs, perMinute });
    this.#buckets = { submit: bucket(limits.submitsPerMinute), read: bucket(limits.pollsPerMinute) };
  }

  /** Tasks this provider may have running now (the AIMD window, never above the limit). */
  get window(): number {
    return Math.floor(this.#window);
  }

  /** The breaker of submissions or of reads. */
  breaker(kind: RequestClass): BreakerState {
    return this.#breakers[kind].state;
  }

  /**
   * Whether a request of this class may go now. Taking it spends a token (and, half-open, the one
   * probe). When it may not, `nextAtMs` says when to ask again.
   */
  take(kind: RequestClass, nowMs: number): { ok: true } | { ok: false; nextAtMs: number } {
    if (nowMs < this.#pausedUntilMs[kind]) return { ok: false, nextAtMs: this.#pausedUntilMs[kind] };
    const breaker = this.#breakers[kind];
    if (breaker.state === "open") {
      if (nowMs < breaker.openUntilMs) return { ok: false, nextAtMs: breaker.openUntilMs };
      breaker.state = "half_open";
    }
    // The probe's answer wakes the scheduler; until then there is nothing to wait for.
    if (breaker.state === "half_open" && breaker.probing) return { ok: false, nextAtMs: Number.POSITIVE_INFINITY };
    const bucket = this.#buckets[kind];
    const refill = ((nowMs - bucket.atMs) * bucket.perMinute) / 60_000;
    bucket.tokens = Math.min(burstOf(bucket.perMinute), bucket.tokens + refill);
    bucket.atMs = nowMs;
    if (bucket.tokens < 1) return { ok: false, nextAtMs: nowMs + Math.ceil(((1 - bucket.tokens) * 60_000) / bucket.perMinute) };
    bucket.tokens -= 1;
    if (breaker.state === "half_open") breaker.probing = true;
    return { ok: true };
  }

  /** The provider answered a request of this class (whatever it said): that breaker closes. */
  answered(kind: RequestClass): void {
    this.#breakers[kind].answered();
  }

  /** A submission was accepted: the window grows by 1/window. */
  accepted(): void {
    this.answered("submit");
    this.#slowDowns = 0;
    this.#window = Math.min(this.limits.concurrency, this.#window + 1 / this.#window);
  }

  /**
   * A rate or concurrency refusal: pause requests of that class for the Retry-After (capped) or a
   * growing backoff; a refused submission also halves the window. Returns when to try again.
   */
  slowDown(kind: RequestClass, nowMs: number, retryAfterMs: number | undefined): number {
    this.answered(kind);
    if (kind === "submit") this.#window = Math.max(1, this.#window / 2);
    this.#slowDowns += 1;
    const backoff = Math.min(RETRY_AFTER_CAP_MS, 1000 * 2 ** Math.min(this.#slowDowns - 1, 6));
    const wait = retryAfterMs !== undefined ? Math.min(RETRY_AFTER_CAP_MS, retryAfterMs) : backoff;
    this.#pausedUntilMs[kind] = Math.max(this.#pausedUntilMs[kind], nowMs + wait);
    return this.#pausedUntilMs[kind];
  }

  /** A server error, or no answer at all, to a request of this class. */
  failed(kind: RequestClass, nowMs: number, reason: string): void {
    const breaker = this.#breakers[kind];
    breaker.lastFailure = reason;
    breaker.downSinceMs ??= nowMs;
    breaker.failuresInRow += 1;
    breaker.probing = false;
    if (breaker.state === "half_open" || breaker.failuresInRow >= BREAKER_AFTER) {
      breaker.openings += 1;
      breaker.state = "open";
      breaker.openUntilMs = nowMs + this.cooldownMs(breaker.openings);
    }
  }

  /**
   * A request of this class was admitted but not sent (its job had to wait, Ctrl-C...): its token
   * goes back, and a probe slot it held is free again.
   */
  released(kind: RequestClass): void {
    this.#breakers[kind].probing = false;
    const bucket = this.#buckets[kind];
    bucket.tokens = Math.min(burstOf(bucket.perMinute), bucket.tokens + 1);
  }

  /** Cool-down before the n-th probe: from a twentieth of `downAfterMs`, doubling, at most a quarter of it. */
  cooldownMs(opening: number): number {
    const base = Math.max(50, this.limits.downAfterMs / 20);
    return Math.round(Math.min(Math.max(base, this.limits.downAfterMs / 4), base * 2 ** (opening - 1)));
  }

  /** Which requests the provider is down for (submissions or reads) and why, or undefined while it is not. */
  down(nowMs: number): { kind: RequestClass; reason: string } | undefined {
    for (const kind of ["read", "submit"] as const) {
      const breaker = this.#breakers[kind];
      if (breaker.downSinceMs === undefined || breaker.failuresInRow < BREAKER_AFTER) continue;
      const forMs = nowMs - breaker.downSinceMs;
      if (forMs < this.limits.downAfterMs) continue;
      const what = kind === "submit" ? "submissions" : "status requests";
      return {
        kind,
        reason: `answered only errors to ${what} for ${Math.round(forMs / 1000)} s (${breaker.failuresInRow} in a row; last: ${breaker.lastFailure})`,
      };
    }
    return undefined;
  }
}

/** A bucket holds ten seconds' worth of requests (at least one): short bursts pass, a minute's rate holds. */
function burstOf(perMinute: number): number {
  return Math.max(1, perMinute / 6);
}

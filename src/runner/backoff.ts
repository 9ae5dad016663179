export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Never wait longer than this. */
  maxMs: number;
  /** Fraction of the delay that is random (0 = none, 0.2 = +/-20%). */
  jitter: number;
}

/**
 * Delay before retry number `attempt` (0-based). Pure: the random source is a parameter, so tests
 * can pin it. A server's Retry-After wins when larger, but is capped at `maxMs`.
 */
export function backoffMs(policy: BackoffPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  const jittered = exponential * (1 + policy.jitter * (2 * random() - 1));
  const delay = Math.max(retryAfterMs ?? 0, jittered);
  return Math.round(Math.min(policy.maxMs, Math.max(0, delay)));
}

/** Submissions are paid: slow and patient after a refusal. */
export const SUBMIT_BACKOFF: BackoffPolicy = { baseMs: 1000, factor: 2, maxMs: 60_000, jitter: 0.2 };
/** Polls, reconciliations and downloads are free and safe to repeat. */
export const READ_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, maxMs: 30_000, jitter: 0.2 };

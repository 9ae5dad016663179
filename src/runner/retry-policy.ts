/**
 * The retry policy, in one place: what a failed request means (the classification table of
 * DESIGN.md, "Classify every failed POST") and how long to wait before the next try. Submissions
 * are paid and get their own, slower policy; polls, reconciliations and downloads are free.
 * Backoff is a pure function: the random source is a parameter, the clock is the caller's.
 */
import type { ProviderError } from "../providers/provider-error.js";

/**
 * What the runner does after a failed request. This table is the single source of truth for the
 * money rule "classify every failed POST" (DESIGN.md).
 */
export type SubmitDecision =
  | "retry" // known not accepted (nothing was sent): submit again later
  | "slow_down" // rate or concurrency limit: submit again later, never a failure
  | "halt_provider" // out of credits, account, key or endpoint problem: stop submitting to this provider
  | "fail_job" // the provider refused this job: it is failed, not billed
  | "unknown"; // the POST may have been accepted: reconcile, never blindly resubmit

export function classifySubmitFailure(error: ProviderError): SubmitDecision {
  switch (error.kind) {
    case "rate_limited":
    case "concurrency_full":
      return "slow_down";
    case "out_of_credits":
    case "account":
    case "auth":
      return "halt_provider";
    case "invalid_input":
    case "content_policy":
      return "fail_job";
    case "network":
      return error.sent === "no" ? "retry" : "unknown";
    case "not_found":
      // The create endpoint (or the model) does not exist: a wrong base URL or model, not this
      // job's fault. Nothing was accepted; stop before every job fails the same way.
      return "halt_provider";
    case "server":
    case "bad_response":
      return "unknown";
  }
}

/** Polls and downloads are free and safe to repeat. */
export type ReadDecision = "retry" | "slow_down" | "halt_provider" | "not_found";

export function classifyReadFailure(error: ProviderError): ReadDecision {
  switch (error.kind) {
    case "rate_limited":
    case "concurrency_full":
      return "slow_down";
    case "out_of_credits":
    case "account":
    case "auth":
      return "halt_provider";
    case "not_found":
      return "not_found";
    default:
      return "retry";
  }
}

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

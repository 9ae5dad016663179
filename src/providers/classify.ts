import type { ProviderError } from "./provider-error.js";

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

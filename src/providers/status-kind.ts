import type { ProviderErrorKind } from "./provider-error.js";

/**
 * The last resort for an HTTP error a provider's own table does not know: its status alone. Every
 * adapter first asks its provider's codes and messages (an AIMLAPI 403 means out of credits, a
 * Vidgo 403 another account's task), then falls back on this.
 */
export function kindFromStatus(status: number): ProviderErrorKind {
  // A success status with a body we cannot read: the outcome is unknown.
  if (status >= 200 && status < 300) return "bad_response";
  if (status === 401) return "auth";
  // 402 Payment Required: halting is safer than failing jobs the account cannot pay for.
  if (status === 402) return "out_of_credits";
  if (status === 403) return "account";
  if (status === 404) return "not_found";
  // 408: the server gave up waiting for the request; treat like a server error (unknown on POST).
  if (status === 408) return "server";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "invalid_input";
}

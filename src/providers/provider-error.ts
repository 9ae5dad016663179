/**
 * What went wrong talking to a provider, in our words. Adapters turn every HTTP status, provider
 * code and network failure into one of these kinds; runner/retry-policy.ts decides what the runner does.
 */
export type ProviderErrorKind =
  | "rate_limited" // too many requests: slow down
  | "concurrency_full" // too many running tasks: slow down
  | "out_of_credits" // the account cannot pay: halt the provider
  | "account" // account locked, IP not allowed, no access: halt the provider
  | "auth" // bad or missing key: halt the provider
  | "invalid_input" // the provider refused the request as invalid: fail the job
  | "content_policy" // the provider refused the content: fail the job
  | "not_found" // no such task
  | "server" // 5xx
  | "network" // no HTTP answer (see `sent`)
  | "bad_response"; // an answer we cannot read

export interface ProviderErrorDetails {
  provider: string;
  kind: ProviderErrorKind;
  /** Whether the request may have reached the provider: "no" only when we know it did not. */
  sent: "no" | "maybe";
  httpStatus?: number;
  providerCode?: string;
  requestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly sent: "no" | "maybe";
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, { cause: details.cause });
    this.name = "ProviderError";
    this.provider = details.provider;
    this.kind = details.kind;
    this.sent = details.sent;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.providerCode !== undefined) this.providerCode = details.providerCode;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

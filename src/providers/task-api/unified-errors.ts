import type { ErrorTable } from "./task-api.js";

/**
 * The HTTP error envelope of the "unified" `/v1/videos/generations` task APIs:
 * `{error: {code: <http status>, message, type, param?}}` [third-party for EvoLink; assumed for
 * unified and reAPI, which document none]. The `type` decides; the status is the fallback.
 */
export const UNIFIED_ERRORS: ErrorTable = {
  message: ["error.message", "error", "message"],
  code: "error.type",
  rules: [
    { code: "insufficient_quota_error", kind: "out_of_credits" },
    { code: "rate_limit_error", message: /concurren|parallel/i, kind: "concurrency_full" },
    { code: "rate_limit_error", kind: "rate_limited" },
    { code: "authentication_error", kind: "auth" },
    { code: "permission_error", kind: "account" },
    { code: "not_found_error", kind: "not_found" },
    { code: ["invalid_request_error", "request_too_large_error"], message: /content|policy|safety/i, kind: "content_policy" },
    { code: ["invalid_request_error", "request_too_large_error"], kind: "invalid_input" },
    { code: ["internal_server_error", "upstream_error", "service_unavailable_error"], kind: "server" },
    // Without a type (an answer from a proxy in front): the documented statuses.
    { status: 402, kind: "out_of_credits" },
    { status: 429, kind: "rate_limited" },
  ],
};

import type { DialectResponse, SimErrorKind } from "../dialect.js";
import type { TaskView } from "./task-api-dialect.js";

/**
 * The error envelope of the "unified" `/v1/videos/generations` task APIs, `{error: {code, message,
 * type}}` [third-party for EvoLink; assumed for unified and reAPI].
 */
const ERRORS: Record<SimErrorKind, readonly [number, string]> = {
  unauthorized: [401, "authentication_error"],
  invalid: [400, "invalid_request_error"],
  not_found: [404, "not_found_error"],
  rate_limited: [429, "rate_limit_error"],
  concurrency_full: [429, "rate_limit_error"],
  out_of_credits: [402, "insufficient_quota_error"],
  server: [500, "internal_server_error"],
  unavailable: [503, "service_unavailable_error"],
};

export function generationsError(kind: SimErrorKind, message: string): DialectResponse {
  const [status, type] = ERRORS[kind];
  return { status, body: { error: { code: status, message, type } } };
}

export function generationsInvalid(field: string, message: string): DialectResponse {
  return { status: 400, body: { error: { code: 400, message: `${field}: ${message}`, type: "invalid_request_error", param: field } } };
}

/** A task object of the family: EvoLink's [read], unified's [read for create, inferred after]. */
export function generationsTask(view: TaskView, modelId: string, failureCode: string): Record<string, unknown> {
  const progress = { queued: 0, running: 50, succeeded: 100, failed: 0 }[view.phase];
  return {
    id: view.id,
    object: "video.generation.task",
    created: Math.floor(view.task.createdAtMs / 1000),
    model: modelId,
    status: view.status,
    progress,
    type: "video",
    task_info: { can_cancel: view.phase === "queued" },
    ...(view.outputUrl ? { results: [view.outputUrl] } : {}),
    ...(view.phase === "failed" ? { error: { code: failureCode, message: view.failure } } : {}),
  };
}

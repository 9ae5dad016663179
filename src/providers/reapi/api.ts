/**
 * reAPI (../shared/contracts/reapi/samples.json). Only its product page was found: create path,
 * body and output path are read there; the base URL, the GET, the task id field, the status words
 * and the error shape are inferred. Keep this adapter tolerant.
 */
import type { SubmitRequest } from "../contract.js";
import { generationsBody } from "../task-api/generations-body.js";
import type { TaskApi } from "../task-api/task-api.js";
import { UNIFIED_ERRORS } from "../task-api/unified-errors.js";

/** The request reAPI expects for a job (path and body). */
export function reapiRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  return { path: "/api/v1/videos/generations", body: generationsBody("reapi", request) };
}

export const reapiApi: TaskApi = {
  provider: "reapi",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: reapiRequest,
  getPath: (taskId) => `/api/v1/tasks/${encodeURIComponent(taskId)}`,
  fields: { id: "id", status: "status", outputUrl: "output.video_urls[0]", failureMessage: ["error", "error.message", "message"] },
  // Only `completed` is known; the others are guesses, and an unknown word reads as still running.
  statuses: { queued: ["pending", "queued"], running: ["processing", "running"], succeeded: ["completed"], failed: ["failed"] },
  errors: UNIFIED_ERRORS,
  unsupported: { cfgScale: "reAPI's API has no cfg_scale" },
};

/**
 * The "unified" `/v1/videos/generations` aggregator API (../shared/contracts/unified/samples.json).
 * Create is read from its product page; the GET (`/v1/tasks/{id}`), `results[0]` and the error
 * envelope are inferred from EvoLink, whose task ids it shares.
 */
import type { SubmitRequest } from "../contract.js";
import { generationsBody } from "../task-api/generations-body.js";
import type { TaskApi } from "../task-api/task-api.js";
import { UNIFIED_ERRORS } from "../task-api/unified-errors.js";

/** The request the unified API expects for a job (path and body). */
export function unifiedRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  return { path: "/v1/videos/generations", body: generationsBody("unified", request) };
}

export const unifiedApi: TaskApi = {
  provider: "unified",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: unifiedRequest,
  getPath: (taskId) => `/v1/tasks/${encodeURIComponent(taskId)}`,
  fields: { id: "id", status: "status", outputUrl: "results[0]", failureMessage: ["error.message", "error"], failureCode: "error.code" },
  statuses: { queued: ["pending"], running: ["processing"], succeeded: ["completed"], failed: ["failed", "cancelled"] },
  errors: UNIFIED_ERRORS,
  unsupported: { cfgScale: "the unified API has no cfg_scale" },
};

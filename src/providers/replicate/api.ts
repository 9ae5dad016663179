/**
 * Replicate's predictions API for kwaivgi's Kling Motion Control models
 * (../shared/contracts/replicate/samples.json). The model is in the path; inputs are `image` and
 * `video` inside `input`; the output is a URL string that dies 1 hour after the prediction.
 */
import type { SubmitRequest } from "../contract.js";
import type { TaskApi } from "../task-api/task-api.js";

const MODELS = { "kling-v3": "kwaivgi/kling-v3-motion-control", "kling-v2.6": "kwaivgi/kling-v2.6-motion-control" } as const;

/** The request Replicate expects for a job (path and body). */
export function replicateRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  return {
    path: `/v1/models/${MODELS[spec.model]}/predictions`,
    body: {
      input: {
        image: request.imageUrl,
        video: request.videoUrl,
        ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
        // Both sent always: Replicate's defaults (orientation `image`, mode `pro`) differ from Kling's.
        character_orientation: spec.orientation,
        mode: spec.mode,
        ...(spec.keepSound !== undefined ? { keep_original_sound: spec.keepSound } : {}),
      },
    },
  };
}

export const replicateApi: TaskApi = {
  provider: "replicate",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: replicateRequest,
  getPath: (taskId) => `/v1/predictions/${encodeURIComponent(taskId)}`,
  fields: { id: "id", status: "status", outputUrl: "output", failureMessage: ["error"] },
  statuses: { queued: ["starting"], running: ["processing"], succeeded: ["succeeded"], failed: ["failed", "canceled", "aborted"] },
  errors: {
    message: ["detail", "title"],
    rules: [
      // 429 {detail} is read; the other statuses are inferred (Replicate's usual ones).
      { status: 429, message: /concurren/i, kind: "concurrency_full" },
      { status: 429, kind: "rate_limited" },
      { status: 401, kind: "auth" },
      { status: 402, kind: "out_of_credits" },
      { status: [400, 422], message: /nsfw|content|policy|safety/i, kind: "content_policy" },
      { status: [400, 422], kind: "invalid_input" },
    ],
  },
  // A list exists (GET /v1/predictions, with inputs and created_at) but the runner is told to
  // reconcile only Kling and Freepik for now; lost POSTs stay unknown here.
  unsupported: { cfgScale: "Replicate's Kling motion-control models have no cfg_scale" },
};

/**
 * EvoLink's unified task API for Kling Motion Control (../shared/contracts/evolink/samples.json):
 * URLs in arrays, the tier as `quality`, orientation inside `model_params`.
 */
import type { SubmitRequest } from "../contract.js";
import { modelIdOf } from "../task-api/not-offered.js";
import type { TaskApi } from "../task-api/task-api.js";
import { UNIFIED_ERRORS } from "../task-api/unified-errors.js";

const MODELS = { "kling-v3": "kling-v3-motion-control" } as const;
const QUALITY = { std: "720p", pro: "1080p" } as const;

/** The request EvoLink expects for a job (path and body). */
export function evolinkRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  return {
    path: "/v1/videos/generations",
    body: {
      model: modelIdOf("evolink", MODELS, spec),
      ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
      image_urls: [request.imageUrl],
      video_urls: [request.videoUrl],
      quality: QUALITY[spec.mode],
      model_params: { character_orientation: spec.orientation },
    },
  };
}

export const evolinkApi: TaskApi = {
  provider: "evolink",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: evolinkRequest,
  getPath: (taskId) => `/v1/tasks/${encodeURIComponent(taskId)}`,
  fields: { id: "id", status: "status", outputUrl: "results[0]", failureMessage: ["error.message", "error"], failureCode: "error.code" },
  // `cancelled` is in a third-party lifecycle diagram, not in the docs' enum.
  statuses: { queued: ["pending"], running: ["processing"], succeeded: ["completed"], failed: ["failed", "cancelled"] },
  errors: UNIFIED_ERRORS,
  unsupported: {
    keepSound: "EvoLink's sound parameter is not documented",
    cfgScale: "EvoLink's API has no cfg_scale",
  },
};

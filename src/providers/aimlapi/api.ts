/**
 * AI/ML API's video generations (../shared/contracts/aimlapi/: samples.json and the published
 * OpenAPI). v3 takes `mode`; v2.6 is sold in pro only and its schema has no `mode`. Sound is
 * `keep_audio`, a boolean.
 */
import type { SubmitRequest } from "../contract.js";
import { notOffered } from "../task-api/not-offered.js";
import type { TaskApi } from "../task-api/task-api.js";

/** The request AIMLAPI expects for a job (path and body). */
export function aimlapiRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  if (spec.model === "kling-v2.6" && spec.mode !== "pro") throw notOffered("aimlapi", spec);
  return {
    path: "/v2/video/generations",
    body: {
      model: spec.model === "kling-v3" ? "klingai/video-v3-motion-control" : "klingai/video-v2-6-pro-motion-control",
      image_url: request.imageUrl,
      video_url: request.videoUrl,
      ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
      // Sent always: the default differs between the v3 (video) and v2.6 (image) schemas.
      character_orientation: spec.orientation,
      ...(spec.keepSound !== undefined ? { keep_audio: spec.keepSound } : {}),
      ...(spec.model === "kling-v3" ? { mode: spec.mode } : {}),
    },
  };
}

export const aimlapiApi: TaskApi = {
  provider: "aimlapi",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: aimlapiRequest,
  getPath: (taskId) => `/v2/video/generations?generation_id=${encodeURIComponent(taskId)}`,
  fields: { id: "id", status: "status", outputUrl: "video.url", failureMessage: ["error.message", "error"], failureCode: "error.name" },
  // `waiting` is not in the schema's enum; AIMLAPI's own v2.6 sample treats it as not finished [read].
  statuses: { queued: ["queued", "waiting"], running: ["generating"], succeeded: ["completed"], failed: ["error"] },
  errors: {
    message: ["message", "error.message", "detail"],
    rules: [
      // Out of credits is HTTP 403, not 402 [read: AIMLAPI's 4xx error page]. Never by status alone.
      { status: [402, 403], message: /credit|balance|top up|billing/i, kind: "out_of_credits" },
      { status: 403, kind: "account" },
      { status: [400, 422], message: /content|policy|moderation|safety/i, kind: "content_policy" },
      { status: [400, 422], kind: "invalid_input" },
      { status: 401, kind: "auth" },
      // "Too Many Requests" on rate or concurrency limits alike [read].
      { status: 429, message: /concurren/i, kind: "concurrency_full" },
      { status: 429, kind: "rate_limited" },
    ],
  },
  unsupported: { cfgScale: "AIMLAPI's motion-control schemas have no cfg_scale" },
};

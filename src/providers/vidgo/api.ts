/**
 * Vidgo's generate API (../shared/contracts/vidgo/samples.json): inputs inside `input`, URLs in
 * arrays, the tier as `mode` 720p/1080p. Only Kling 2.6 motion control was found on Vidgo.
 */
import type { SubmitRequest } from "../contract.js";
import { modelIdOf } from "../task-api/not-offered.js";
import type { TaskApi } from "../task-api/task-api.js";

const MODELS = { "kling-v2.6": "kling-2.6-motion-control" } as const;
const MODES = { std: "720p", pro: "1080p" } as const;

/** The request Vidgo expects for a job (path and body). */
export function vidgoRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  return {
    path: "/api/generate/submit",
    body: {
      model: modelIdOf("vidgo", MODELS, spec),
      input: {
        ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
        image_urls: [request.imageUrl],
        video_urls: [request.videoUrl],
        character_orientation: spec.orientation,
        mode: MODES[spec.mode],
      },
    },
  };
}

export const vidgoApi: TaskApi = {
  provider: "vidgo",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  create: vidgoRequest,
  getPath: (taskId) => `/api/generate/status/${encodeURIComponent(taskId)}`,
  fields: { envelope: "data", id: "task_id", status: "status", outputUrl: "files[0].file_url", failureMessage: ["error_message"] },
  statuses: { queued: ["not_started"], running: ["running"], succeeded: ["finished"], failed: ["failed"] },
  errors: {
    // `{code, message}`, code mirroring the HTTP status [read: statuses; inferred: body].
    message: ["message", "error"],
    code: "code",
    rules: [
      { status: 401, kind: "auth" },
      // 403 is "the task belongs to another account" [read], not credits.
      { status: 403, kind: "account" },
      { status: 404, kind: "not_found" },
      // Out of credits is not documented; 402 is assumed, or a 400 that says so [inferred].
      { status: [400, 402], message: /credit|balance|insufficient/i, kind: "out_of_credits" },
      { status: 429, message: /concurren|parallel/i, kind: "concurrency_full" },
      { status: 429, kind: "rate_limited" },
      { status: [500, 502, 503], kind: "server" },
    ],
  },
  unsupported: {
    keepSound: "Vidgo's API has no sound parameter",
    cfgScale: "Vidgo's API has no cfg_scale",
  },
};

/**
 * Freepik's Kling Motion Control API (../shared/contracts/freepik/samples.json, openapi.yaml).
 * Model and tier are in the path; there is no `mode` and no sound parameter.
 */
import type { JobSpec } from "../../manifest/job-spec.js";
import type { SubmitRequest } from "../contract.js";
import type { TaskApi, TaskFields } from "../task-api/task-api.js";
import { missingHandle } from "../task-api/task-api-adapter.js";

const MODEL_SLUGS = { "kling-v3": "kling-v3", "kling-v2.6": "kling-v2-6" } as const;

/** `kling-v3-motion-control-pro`: the create path's last part, which fixes model and tier. */
export function freepikModelPath(spec: Pick<JobSpec, "model" | "mode">): string {
  return `${MODEL_SLUGS[spec.model]}-motion-control-${spec.mode}`;
}

/** The request Freepik expects for a job (path and body). */
export function freepikRequest(request: SubmitRequest): { path: string; body: Record<string, unknown> } {
  const { spec } = request;
  return {
    path: `/v1/ai/video/${freepikModelPath(spec)}`,
    body: {
      image_url: request.imageUrl,
      video_url: request.videoUrl,
      ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
      // Sent always, so Freepik's default (`video`) never decides for the manifest.
      character_orientation: spec.orientation,
      ...(spec.cfgScale !== undefined ? { cfg_scale: spec.cfgScale } : {}),
    },
  };
}

/** v2.6 tasks of both tiers are read at one path, not symmetrical with their create path. */
function taskPath(modelPath: string): string {
  return modelPath.startsWith("kling-v2-6-") ? "/v1/ai/image-to-video/kling-v2-6" : `/v1/ai/video/${modelPath}`;
}

/** A task's fields, inside `data` in create and get answers, bare in list items. */
const ITEM: TaskFields = {
  id: "task_id",
  status: "status",
  outputUrl: "generated[0]",
  // A failed task's reason is not documented [inferred]: these are where Freepik's siblings put one.
  failureMessage: ["error", "message", "status_message"],
};
const FIELDS: TaskFields = { ...ITEM, envelope: "data" };

export const freepikApi: TaskApi = {
  provider: "freepik",
  authHeaders: (key) => ({ "x-freepik-api-key": key }),
  create: freepikRequest,
  // The handle is the model path: the task is read (and listed) under it.
  handle: (_created, request) => freepikModelPath(request.spec),
  getPath(taskId, handle) {
    if (!handle) throw missingHandle("freepik", taskId, "model path");
    return `${taskPath(handle)}/${encodeURIComponent(taskId)}`;
  },
  fields: FIELDS,
  statuses: { queued: ["CREATED"], running: ["IN_PROGRESS"], succeeded: ["COMPLETED"], failed: ["FAILED"] },
  errors: {
    // problem+json names the field in invalid_params; a plain error has only `message`.
    message: ["invalid_params[0].reason", "message"],
    rules: [
      // 400, 401, 500, 503 are documented [read]; the rest are inferred (no body was captured).
      { status: 400, message: /content|policy|nsfw|safety/i, kind: "content_policy" },
      { status: [400, 422], kind: "invalid_input" },
      { status: 401, kind: "auth" },
      { status: 402, kind: "out_of_credits" },
      { status: 429, message: /concurren|parallel|in progress/i, kind: "concurrency_full" },
      { status: 429, kind: "rate_limited" },
      { status: [500, 502, 503, 504], kind: "server" },
    ],
  },
  // No `list`: Freepik's list (GET on the task path) shows `task_id` and `status` only [read:
  // contracts], no creation time and no inputs. Any task of the account (another campaign's, or
  // the orphan of a released job) would match a lost POST, and adopting the wrong one downloads a
  // stranger's video under this job's name. A lost Freepik POST stays `unknown`.
  unsupported: { keepSound: "Freepik's API has no sound parameter" },
};

import { z } from "zod";
import { vidgoPricing } from "../../providers/vidgo/pricing.js";
import type { DialectResponse, SimErrorKind } from "../dialect.js";
import { prefixedIds, type TaskApiDialectSpec, type TaskView, taskApiDialect } from "./task-api-dialect.js";

/** The key the simulator's Vidgo dialect accepts. */
export const SIM_VIDGO_KEY = "sim-vidgo-key";

const STATUS: Record<SimErrorKind, number> = {
  unauthorized: 401,
  invalid: 400,
  not_found: 404,
  rate_limited: 429,
  concurrency_full: 429,
  // Not documented [inferred].
  out_of_credits: 402,
  server: 500,
  unavailable: 502,
};

const body = z.strictObject({
  model: z.enum(["kling-2.6-motion-control"]),
  callback_url: z.string().optional(),
  input: z.strictObject({
    prompt: z.string().optional(),
    image_urls: z.array(z.string().min(1)).length(1),
    video_urls: z.array(z.string().min(1)).length(1),
    // Whether these two are required is not documented; their defaults are inferred.
    character_orientation: z.enum(["image", "video"]).optional(),
    mode: z.enum(["720p", "1080p"]).optional(),
  }),
});

const created = (view: TaskView) => new Date(view.task.createdAtMs).toISOString().slice(0, 19);

/** `{code, data: {...}}`, code mirroring the HTTP status [read]. */
function task(view: TaskView): DialectResponse {
  return {
    status: 200,
    body: {
      code: 200,
      data: {
        task_id: view.id,
        status: view.status,
        files: view.outputUrl ? [{ file_url: view.outputUrl, file_type: "video" }] : [],
        created_time: created(view),
        progress: { queued: 0, running: 50, succeeded: 100, failed: 0 }[view.phase],
        error_message: view.phase === "failed" ? view.failure : null,
      },
    },
  };
}

const spec: TaskApiDialectSpec = {
  name: "vidgo",
  key: SIM_VIDGO_KEY,
  auth: { header: "authorization", scheme: "Bearer" },
  ids: prefixedIds("task-unified-"),
  statuses: { queued: "not_started", running: "running", succeeded: "finished", failed: "failed" },
  pricing: vidgoPricing,
  failure: "Content violates the usage policy (simulated)",
  error: (kind, message) => ({ status: STATUS[kind], body: { code: STATUS[kind], message } }),
  create: {
    path: /^\/api\/generate\/submit$/,
    schema: body,
    read: (b: z.infer<typeof body>) => ({
      model: "kling-v2.6",
      mode: b.input.mode === "1080p" ? "pro" : "std",
      orientation: b.input.character_orientation ?? "video",
      videoUrl: b.input.video_urls[0] as string,
      ...(b.input.prompt !== undefined ? { prompt: b.input.prompt } : {}),
    }),
    notWork: ["callback_url"],
    answer: (view) => ({
      status: 200,
      body: { code: 200, data: { task_id: view.id, status: "not_started", created_time: created(view) } },
    }),
  },
  get: [{ path: /^\/api\/generate\/status\/([^/]+)$/, id: (match) => decodeURIComponent(match[1] as string), answer: task }],
};

/** Vidgo's generate API, as contracts/vidgo documents it. */
export function vidgoDialect() {
  return taskApiDialect(spec);
}

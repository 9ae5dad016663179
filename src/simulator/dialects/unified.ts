import { z } from "zod";
import { unifiedPricing } from "../../providers/unified/pricing.js";
import { generationsError, generationsInvalid, generationsTask } from "./generations-family.js";
import { prefixedIds, type TaskApiDialectSpec, taskApiDialect } from "./task-api-dialect.js";

/** The key the simulator's unified dialect accepts. */
export const SIM_UNIFIED_KEY = "sim-unified-key";

const MODELS = { "kling-v3-motion-control": "kling-v3", "kling-v2-6-motion-control": "kling-v2.6" } as const;

const body = z.strictObject({
  model: z.enum(["kling-v3-motion-control", "kling-v2-6-motion-control"]),
  image_url: z.string().min(1),
  video_url: z.string().min(1),
  mode: z.enum(["std", "pro"]).optional(),
  prompt: z.string().max(2500).optional(),
  character_orientation: z.enum(["image", "video"]).optional(),
  keep_original_sound: z.enum(["yes", "no"]).optional(),
});

const spec: TaskApiDialectSpec = {
  name: "unified",
  key: SIM_UNIFIED_KEY,
  auth: { header: "authorization", scheme: "Bearer" },
  ids: prefixedIds("task-unified-"),
  statuses: { queued: "pending", running: "processing", succeeded: "completed", failed: "failed" },
  pricing: unifiedPricing,
  failure: "Your request was blocked by safety filters (simulated)",
  error: generationsError,
  invalid: generationsInvalid,
  create: {
    path: /^\/v1\/videos\/generations$/,
    schema: body,
    read: (b: z.infer<typeof body>) => ({
      model: MODELS[b.model],
      // Defaults from the product page: std, orientation image [read].
      mode: b.mode ?? "std",
      orientation: b.character_orientation ?? "image",
      videoUrl: b.video_url,
      ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
    }),
    answer: (view) => ({ status: 200, body: { ...generationsTask(view, modelIdOf(view), "content_policy_violation"), status: "pending" } }),
  },
  get: [
    {
      // GET /v1/tasks/{id} like EvoLink [inferred].
      path: /^\/v1\/tasks\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[1] as string),
      answer: (view) => ({ status: 200, body: generationsTask(view, modelIdOf(view), "content_policy_violation") }),
    },
  ],
};

function modelIdOf(view: { model: "kling-v3" | "kling-v2.6" }): string {
  return view.model === "kling-v3" ? "kling-v3-motion-control" : "kling-v2-6-motion-control";
}

/** The "unified" /v1/videos/generations API, as contracts/unified documents (and infers) it. */
export function unifiedDialect() {
  return taskApiDialect(spec);
}

import { z } from "zod";
import { reapiPricing } from "../../providers/reapi/pricing.js";
import { generationsError, generationsInvalid } from "./generations-family.js";
import { type TaskApiDialectSpec, taskApiDialect } from "./task-api-dialect.js";

/** The key the simulator's reAPI dialect accepts. */
export const SIM_REAPI_KEY = "sim-reapi-key";

const MODELS = { "kling-v3-motion-control": "kling-v3", "kling-v2-6-motion-control": "kling-v2.6" } as const;

/** The create body from reAPI's product page [read]; which fields are required is inferred. */
const body = z.strictObject({
  model: z.enum(["kling-v3-motion-control", "kling-v2-6-motion-control"]),
  image_url: z.string().min(1),
  video_url: z.string().min(1),
  character_orientation: z.enum(["image", "video"]).optional(),
  mode: z.enum(["std", "pro"]).optional(),
  keep_original_sound: z.enum(["yes", "no"]).optional(),
  prompt: z.string().optional(),
});

const spec: TaskApiDialectSpec = {
  name: "reapi",
  key: SIM_REAPI_KEY,
  auth: { header: "authorization", scheme: "Bearer" },
  // Status words: only `completed` is known [inferred].
  statuses: { queued: "pending", running: "processing", succeeded: "completed", failed: "failed" },
  pricing: reapiPricing,
  failure: "content policy violation (simulated)",
  // No error body was found; the unified family's envelope is assumed [inferred].
  error: generationsError,
  invalid: generationsInvalid,
  create: {
    path: /^\/api\/v1\/videos\/generations$/,
    schema: body,
    read: (b: z.infer<typeof body>) => ({
      model: MODELS[b.model],
      mode: b.mode ?? "std",
      orientation: b.character_orientation ?? "image",
      videoUrl: b.video_url,
      ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
    }),
    answer: (view) => ({ status: 200, body: { id: view.id, status: "pending" } }),
  },
  get: [
    {
      path: /^\/api\/v1\/tasks\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[1] as string),
      answer: (view) => ({
        status: 200,
        body: {
          id: view.id,
          status: view.status,
          ...(view.outputUrl ? { output: { video_urls: [view.outputUrl] } } : {}),
          ...(view.phase === "failed" ? { error: view.failure } : {}),
        },
      }),
    },
  ],
};

/** reAPI, as its product page and contracts/reapi describe (and infer) it. */
export function reapiDialect() {
  return taskApiDialect(spec);
}

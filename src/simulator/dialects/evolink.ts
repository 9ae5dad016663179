import { z } from "zod";
import { evolinkPricing } from "../../providers/evolink/pricing.js";
import { withEvolinkElements } from "./evolink-elements.js";
import { generationsError, generationsInvalid, generationsTask } from "./generations-family.js";
import { prefixedIds, type TaskApiDialectSpec, taskApiDialect } from "./task-api-dialect.js";

/** The key the simulator's EvoLink dialect accepts. */
export const SIM_EVOLINK_KEY = "sim-evolink-key";

const MODEL = "kling-v3-motion-control";

const body = z.strictObject({
  model: z.enum([MODEL]),
  prompt: z.string().max(2500).optional(),
  image_urls: z.array(z.string().min(1)).length(1),
  video_urls: z.array(z.string().min(1)).length(1),
  quality: z.enum(["720p", "1080p"]).optional(),
  // Required [read]; keep_original_sound inside it was not captured. element_list [inferred]:
  // at most one Kling element (its ids are checked by evolink-elements.ts).
  model_params: z.strictObject({
    character_orientation: z.enum(["image", "video"]),
    element_list: z
      .array(z.strictObject({ element_id: z.union([z.string().regex(/^\d+$/), z.number().int()]) }))
      .max(1)
      .optional(),
  }),
  callback_url: z
    .string()
    .max(2048)
    .regex(/^https:\/\//, "must be an HTTPS URL")
    .optional(),
});

const spec: TaskApiDialectSpec = {
  name: "evolink",
  key: SIM_EVOLINK_KEY,
  auth: { header: "authorization", scheme: "Bearer" },
  ids: prefixedIds("task-unified-"),
  statuses: { queued: "pending", running: "processing", succeeded: "completed", failed: "failed" },
  pricing: evolinkPricing,
  failure: "Content policy violation.\nYour request was blocked by safety filters (simulated)",
  error: generationsError,
  invalid: generationsInvalid,
  create: {
    path: /^\/v1\/videos\/generations$/,
    schema: body,
    read: (b: z.infer<typeof body>) => ({
      model: "kling-v3",
      mode: b.quality === "1080p" ? "pro" : "std",
      orientation: b.model_params.character_orientation,
      videoUrl: b.video_urls[0] as string,
      ...(b.prompt !== undefined ? { prompt: b.prompt } : {}),
    }),
    notWork: ["callback_url"],
    answer: (view) => ({
      status: 200,
      body: {
        ...generationsTask(view, MODEL, "content_policy_violation"),
        status: "pending",
        task_info: { can_cancel: true, estimated_time: 300, video_duration: view.task.outputSeconds },
        usage: { billing_rule: "per_second", credits_reserved: Math.round(view.task.usd * 1_000_000), user_group: "default" },
      },
    }),
  },
  get: [
    {
      path: /^\/v1\/tasks\/([^/]+)$/,
      id: (match) => decodeURIComponent(match[1] as string),
      answer: (view) => ({ status: 200, body: generationsTask(view, MODEL, "content_policy_violation") }),
    },
  ],
};

/** EvoLink's unified task API for Kling v3 Motion Control and Kling custom elements, as contracts/evolink documents it. */
export function evolinkDialect() {
  return withEvolinkElements(taskApiDialect(spec), SIM_EVOLINK_KEY);
}
